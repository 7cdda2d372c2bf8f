package ir.meganaft.ragateway.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

class SubjectBuilderTest {
    private final SubjectBuilder builder = new SubjectBuilder();

    private static Applicant person(String given, String surname) {
        return new Applicant(
                ApplicantKind.INDIVIDUAL,
                given,
                surname,
                null,
                null,
                "0499370899",
                null,
                "a@b.ir",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static ASN1Encodable value(X500Name name, ASN1ObjectIdentifier type) {
        return name.getRDNs(type)[0].getFirst().getValue();
    }

    @Test
    void names_are_utf8_and_country_and_national_code_printable() {
        X500Name subject = builder.subjectOf(person("علی", "رضايي"), null);
        assertThat(value(subject, BCStyle.CN)).isInstanceOf(DERUTF8String.class);
        assertThat(value(subject, BCStyle.CN).toString()).isEqualTo("علی رضایی");
        assertThat(value(subject, BCStyle.C)).isInstanceOf(DERPrintableString.class);
        assertThat(value(subject, BCStyle.SERIALNUMBER)).isInstanceOf(DERPrintableString.class);
        assertThat(value(subject, BCStyle.SERIALNUMBER).toString()).isEqualTo("0499370899");
        assertThat(value(subject, BCStyle.O).toString()).isEqualTo("Unaffiliated");
    }

    @Test
    void inside_the_industry_a_person_belongs_to_the_company_that_sent_the_request() {
        var inside = new ir.meganaft.ragateway.request.ChannelDetails(
                ir.meganaft.ragateway.request.Channel.INSIDE_INDUSTRY,
                "شرکت ملی نفت ایران",
                "R&D",
                "contracts",
                null,
                null);
        assertThat(value(builder.subjectOf(person("علی", "رضایی"), inside), BCStyle.O)
                        .toString())
                .isEqualTo("شرکت ملی نفت ایران");
    }

    @Test
    void a_value_that_looks_like_hex_der_stays_text() {
        X500Name subject = builder.subjectOf(person("Ali", "#0c0541646d696e"), null);
        assertThat(value(subject, BCStyle.SURNAME)).isInstanceOf(DERUTF8String.class);
        assertThat(value(subject, BCStyle.SURNAME).toString()).isEqualTo("#0c0541646d696e");
    }

    @Test
    void an_organization_carries_its_legal_id_as_organization_identifier() {
        Applicant organization = new Applicant(
                ApplicantKind.ORGANIZATION,
                null,
                null,
                null,
                null,
                null,
                null,
                "pki@x.ir",
                null,
                null,
                "شركت نفت",
                null,
                null,
                "10380284790",
                null,
                null,
                null,
                null,
                null);
        X500Name subject = builder.subjectOf(organization, null);
        assertThat(value(subject, BCStyle.ORGANIZATION_IDENTIFIER).toString()).isEqualTo("NTRIR-10380284790");
        assertThat(value(subject, BCStyle.CN).toString()).isEqualTo("شرکت نفت");
    }
}
