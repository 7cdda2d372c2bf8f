package ir.meganaft.ragateway.profile;

/** A certificate the profile does not allow (its subject, alternative names or key); the reason says why. */
public final class ProfileViolation extends Exception {
    public ProfileViolation(String reason) {
        super(reason);
    }
}
