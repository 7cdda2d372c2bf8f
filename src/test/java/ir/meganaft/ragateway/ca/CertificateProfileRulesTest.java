package ir.meganaft.ragateway.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.profile.CertificateDraft;
import ir.meganaft.ragateway.profile.KeyIdentifiers;
import ir.meganaft.ragateway.profile.ProfileViolation;
import ir.meganaft.ragateway.profile.SubjectPolicy;
import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCsrs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A profile read from settings becomes the CA's list of rules, and those rules make, byte for byte,
 * the certificate content the CA made before they existed (so a ledger reservation rebuilt from its
 * serial and validity is the same). {@link #before} is the CA's extension code as it was, kept here
 * as the reference.
 */
class CertificateProfileRulesTest {
    private static final TestCertificates.Issued CA = TestCertificates.ca("CN=Profile Rules CA,O=MegaNaft,C=IR");
    private static final X500Name SUBJECT = new X500Name("C=IR,O=Unaffiliated,CN=Ali Rezaei");
    private static final Extensions EMAIL = new Extensions(extension(
            Extension.subjectAlternativeName,
            new GeneralNames(new GeneralName(GeneralName.rfc822Name, "ali@example.ir"))));

    private static Extension extension(ASN1ObjectIdentifier type, org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return new Extension(type, false, value.toASN1Primitive().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final CertificateProfile FULL = new CertificateProfile(
            Duration.ofDays(730),
            List.of("digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement"),
            List.of("clientAuth", "emailProtection", "1.3.6.1.5.5.7.3.36"),
            "2.25.45863664298725609319337060415136633488",
            "https://ca.example/cps",
            "http://ca.example/crl/issuing-ca.crl",
            "http://ca.example/crl/issuing-ca-delta.crl",
            "http://ca.example/issuing-ca.cer",
            "http://ocsp.example");
    private static final CertificateProfile BARE = new CertificateProfile(
            Duration.ofDays(30),
            List.of("digitalSignature"),
            List.of(),
            "2.25.1",
            "",
            "http://ca.example/crl/issuing-ca.crl",
            "",
            "",
            "");

    @ParameterizedTest
    @ValueSource(strings = {"RSA full", "EC full", "RSA bare", "EC bare", "EC full without SAN", "RSA full capped"})
    void the_rules_make_the_content_the_ca_made_before_them(String shape) throws Exception {
        KeyPair key = shape.startsWith("RSA") ? TestCsrs.rsa(2048) : TestCsrs.ec("secp256r1");
        CertificateProfile profile = shape.contains("full") ? FULL : BARE;
        if (shape.contains("capped")) {
            profile = new CertificateProfile(
                    Duration.ofDays(100 * 365),
                    profile.keyUsage(),
                    profile.extendedKeyUsage(),
                    profile.policyOid(),
                    profile.cpsUri(),
                    profile.crlUrl(),
                    profile.deltaCrlUrl(),
                    profile.caIssuersUrl(),
                    profile.ocspUrl());
        }
        Extensions requested = shape.contains("without SAN") ? null : EMAIL;
        SubjectPublicKeyInfo publicKey =
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(159, new java.security.SecureRandom()).setBit(152);

        CertificateDraft draft =
                profile.rules("test").shape(new CertificateDraft(CA.certificate(), SUBJECT, publicKey, requested, now));
        byte[] after = tbs(draft.builder(serial));

        assertThat(after).isEqualTo(tbs(before(serial, now, SUBJECT, publicKey, requested, profile)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C,O", "SERIALNUMBER"})
    void the_profiles_subject_rules_come_first_and_refuse_before_anything_is_built(String required) {
        CertificateProfile strict = new CertificateProfile(
                BARE.validity(),
                BARE.keyUsage(),
                BARE.extendedKeyUsage(),
                BARE.policyOid(),
                "",
                BARE.crlUrl(),
                "",
                "",
                "",
                new SubjectPolicy(required, "CN", "none"));
        CertificateDraft draft = new CertificateDraft(
                CA.certificate(),
                new X500Name("CN=Ali Rezaei"),
                SubjectPublicKeyInfo.getInstance(
                        TestCsrs.ec("secp256r1").getPublic().getEncoded()),
                EMAIL,
                Instant.now());

        assertThatThrownBy(() -> strict.rules("strict").shape(draft))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("The subject lacks");
        assertThat(draft.extensions()).isEmpty();
        assertThat(draft.notAfter()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.", "ca-node."})
    void subject_rules_are_read_from_settings_and_inherited_by_named_profiles(String prefix) {
        Map<String, String> settings = Map.of(
                prefix + "profile.validity-days", "730",
                prefix + "profile.key-usage", "digitalSignature",
                prefix + "profile.policy-oid", "2.25.1",
                prefix + "profile.crl-url", "http://ca.example/crl",
                prefix + "profile.subject-required", "C,O,CN",
                prefix + "profile.subject-optional", "OU",
                prefix + "profile.alt-names", "email",
                prefix + "profiles.seal.subject-required", "C,O,CN,organizationIdentifier",
                prefix + "profiles.tls.alt-names", "email,dns");
        CertificateProfiles profiles = CertificateProfiles.from(
                k -> Optional.ofNullable(settings.get(k)),
                prefix,
                java.util.Set.of("seal.subject-required", "tls.alt-names"));

        assertThat(profiles.find(null).orElseThrow().profile().subject())
                .isEqualTo(new SubjectPolicy("C,O,CN", "OU", "email"));
        assertThat(profiles.find("seal").orElseThrow().profile().subject())
                .isEqualTo(new SubjectPolicy("C,O,CN,organizationIdentifier", "OU", "email"));
        assertThat(profiles.subjectRulesByName())
                .containsEntry("", new SubjectPolicy("C,O,CN", "OU", "email"))
                .containsEntry("tls", new SubjectPolicy("C,O,CN", "OU", "email,dns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seal.subject-required=C,Organisation", "seal.alt-names=upn", "seal.key-usage=keyCertSign"})
    void a_misspelt_rule_stops_the_start(String setting) {
        String[] kv = setting.split("=", 2);
        Map<String, String> settings = Map.of(
                "gateway.profile.validity-days",
                "730",
                "gateway.profile.key-usage",
                "digitalSignature",
                "gateway.profile.policy-oid",
                "2.25.1",
                "gateway.profile.crl-url",
                "http://ca.example/crl",
                "gateway.profiles." + kv[0],
                kv[1]);
        assertThatThrownBy(() -> CertificateProfiles.from(
                        k -> Optional.ofNullable(settings.get(k)), "gateway.", java.util.Set.of(kv[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown");
    }

    private static byte[] tbs(X509v3CertificateBuilder builder) throws Exception {
        ContentSigner signer = TestCertificates.signer(CA.key());
        return builder.build(signer).toASN1Structure().getTBSCertificate().getEncoded();
    }

    /** How LocalCertificateAuthority built a certificate before its profile was a list of rules. */
    private static X509v3CertificateBuilder before(
            BigInteger serial,
            Instant now,
            X500Name subject,
            SubjectPublicKeyInfo publicKey,
            Extensions requested,
            CertificateProfile profile)
            throws Exception {
        Instant notAfter = now.plus(profile.validity());
        Instant caNotAfter = CA.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        Instant notBefore = now.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded()),
                serial,
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        boolean rsa = publicKey
                .getAlgorithm()
                .getAlgorithm()
                .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
        Map<String, Integer> usages = Map.of(
                "digitalsignature", KeyUsage.digitalSignature,
                "nonrepudiation", KeyUsage.nonRepudiation,
                "keyencipherment", KeyUsage.keyEncipherment,
                "dataencipherment", KeyUsage.dataEncipherment,
                "keyagreement", KeyUsage.keyAgreement);
        int bits = 0;
        for (String name : profile.keyUsage()) {
            int bit = usages.get(name.toLowerCase(java.util.Locale.ROOT));
            boolean encipherment = bit == KeyUsage.keyEncipherment || bit == KeyUsage.dataEncipherment;
            if ((encipherment && !rsa) || (bit == KeyUsage.keyAgreement && rsa)) {
                continue;
            }
            bits |= bit;
        }
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
        builder.addExtension(
                Extension.subjectKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
        builder.addExtension(new Extension(
                Extension.authorityKeyIdentifier,
                false,
                KeyIdentifiers.authorityKeyIdentifier(CA.certificate()).getEncoded()));
        if (!profile.extendedKeyUsage().isEmpty()) {
            Map<String, KeyPurposeId> purposes = Map.of(
                    "clientauth", KeyPurposeId.id_kp_clientAuth, "emailprotection", KeyPurposeId.id_kp_emailProtection);
            List<KeyPurposeId> listed = new ArrayList<>();
            for (String name : profile.extendedKeyUsage()) {
                KeyPurposeId purpose = purposes.get(name.toLowerCase(java.util.Locale.ROOT));
                listed.add(purpose != null ? purpose : KeyPurposeId.getInstance(new ASN1ObjectIdentifier(name)));
            }
            builder.addExtension(new Extension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(listed.toArray(new KeyPurposeId[0])).getEncoded()));
        }
        builder.addExtension(new Extension(
                Extension.cRLDistributionPoints,
                false,
                distributionPoint(profile.crlUrl()).getEncoded()));
        if (!profile.deltaCrlUrl().isBlank()) {
            builder.addExtension(new Extension(
                    Extension.freshestCRL,
                    false,
                    distributionPoint(profile.deltaCrlUrl()).getEncoded()));
        }
        List<AccessDescription> access = new ArrayList<>();
        if (!profile.caIssuersUrl().isBlank()) {
            access.add(new AccessDescription(
                    AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, profile.caIssuersUrl())));
        }
        if (!profile.ocspUrl().isBlank()) {
            access.add(new AccessDescription(
                    AccessDescription.id_ad_ocsp,
                    new GeneralName(GeneralName.uniformResourceIdentifier, profile.ocspUrl())));
        }
        if (!access.isEmpty()) {
            builder.addExtension(new Extension(
                    Extension.authorityInfoAccess,
                    false,
                    new AuthorityInformationAccess(access.toArray(new AccessDescription[0])).getEncoded()));
        }
        PolicyInformation policy = profile.cpsUri().isBlank()
                ? new PolicyInformation(new ASN1ObjectIdentifier(profile.policyOid()))
                : new PolicyInformation(
                        new ASN1ObjectIdentifier(profile.policyOid()),
                        new DERSequence(new PolicyQualifierInfo(profile.cpsUri())));
        builder.addExtension(
                new Extension(Extension.certificatePolicies, false, new CertificatePolicies(policy).getEncoded()));
        Extension subjectAltName = requested == null ? null : requested.getExtension(Extension.subjectAlternativeName);
        if (subjectAltName != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltName.getParsedValue());
        }
        return builder;
    }

    private static CRLDistPoint distributionPoint(String url) {
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(
                    new DistributionPointName(
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))),
                    null,
                    null)
        });
    }
}
