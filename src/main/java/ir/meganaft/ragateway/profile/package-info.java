/**
 * Certificate profiles as lists of small rules (style.md, habit 8; smallstep's sign options): each
 * {@link ir.meganaft.ragateway.profile.CertificateRule} either checks the certificate being built
 * (subject attributes, alternative names, key usages a key can have) and refuses it with a
 * {@link ir.meganaft.ragateway.profile.ProfileViolation}, or adds what the profile sets (validity,
 * basic constraints, key usage, key identifiers, extended key usage, CRL and AIA pointers, policy).
 * A {@link ir.meganaft.ragateway.profile.Profile} applies its rules in order, which is also the order
 * of the extensions. Plain Java and Bouncy Castle: the CA ({@code ca}), the key ceremony ({@code keys})
 * and the CA node ({@code canode}) all shape certificates here, and intake checks subjects with the
 * same rules.
 */
package ir.meganaft.ragateway.profile;
