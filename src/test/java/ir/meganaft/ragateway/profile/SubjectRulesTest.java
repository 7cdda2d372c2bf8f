package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/** The subject attribute rules, each alone, and the configured policy that combines them. */
class SubjectRulesTest {
    private static final X500Name ORGANIZATION =
            new X500Name("C=IR,O=Naft Co,OU=IT,organizationIdentifier=NTRIR-10380284790,CN=Naft Co");

    @Test
    void required_attributes_pass_a_subject_that_carries_them_all() {
        assertThatCode(() -> RequiredSubjectAttributes.of("C,O,CN,SERIALNUMBER,givenName,surname")
                        .check(Drafts.PERSON, null))
                .doesNotThrowAnyException();
    }

    @Test
    void required_attributes_refuse_a_subject_without_one_and_name_it() {
        assertThatThrownBy(() -> RequiredSubjectAttributes.of("C,O,CN,organizationIdentifier")
                        .check(Drafts.PERSON, null))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("The subject lacks organizationIdentifier");
        assertThatThrownBy(() -> RequiredSubjectAttributes.of("SERIALNUMBER").check(ORGANIZATION, null))
                .hasMessageContaining("lacks SERIALNUMBER");
    }

    @Test
    void permitted_attributes_pass_a_subject_with_no_other() {
        assertThatCode(() -> PermittedSubjectAttributes.of("C,O,OU,CN,organizationIdentifier")
                        .check(ORGANIZATION, null))
                .doesNotThrowAnyException();
    }

    @Test
    void permitted_attributes_refuse_a_personal_name_in_an_organizations_subject() {
        X500Name sealWithAPerson =
                new X500Name("C=IR,O=Naft Co,organizationIdentifier=NTRIR-10380284790,GIVENNAME=Ali,CN=Naft Co");
        assertThatThrownBy(() -> PermittedSubjectAttributes.of("C,O,OU,CN,organizationIdentifier")
                        .check(sealWithAPerson, null))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("carries GIVENNAME, which this profile does not allow");
    }

    @Test
    void permitted_attributes_refuse_an_attribute_given_twice() {
        assertThatThrownBy(() -> PermittedSubjectAttributes.of("C,O,CN")
                        .check(new X500Name("C=IR,O=Naft Co,CN=Naft Co,CN=Other"), null))
                .hasMessageContaining("carries CN more than once");
    }

    @Test
    void permitted_attributes_look_inside_a_multi_valued_rdn() {
        assertThatThrownBy(() -> PermittedSubjectAttributes.of("C,O,CN")
                        .check(new X500Name("C=IR,O=Naft Co,CN=Naft Co+SERIALNUMBER=0499370899"), null))
                .hasMessageContaining("carries SERIALNUMBER");
    }

    @Test
    void an_unknown_attribute_name_stops_the_start() {
        assertThatThrownBy(() -> RequiredSubjectAttributes.of("C,Organisation"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown subject attribute Organisation");
        assertThatThrownBy(() -> new SubjectPolicy("C", "nationalCode", ""))
                .hasMessageContaining("Unknown subject attribute nationalCode");
    }

    @Test
    void a_blank_policy_allows_any_subject_and_any_alternative_name() throws Exception {
        assertThat(SubjectPolicy.ANY.rules()).isEmpty();
        SubjectPolicy.ANY.check(
                new X500Name("CN=anything"),
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "x.example")));
    }

    @Test
    void required_with_optional_none_allows_only_the_required_attributes() {
        SubjectPolicy policy = new SubjectPolicy("C,O,CN", "none", "");
        assertThatCode(() -> policy.check(new X500Name("C=IR,O=Naft Co,CN=Naft Co"), null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(ORGANIZATION, null)).hasMessageContaining("carries OU");
    }

    @Test
    void required_and_optional_together_are_what_a_subject_may_carry() {
        SubjectPolicy seal = new SubjectPolicy("C,O,CN,organizationIdentifier", "OU", "email");
        assertThat(seal.rules())
                .hasExactlyElementsOfTypes(
                        RequiredSubjectAttributes.class, PermittedSubjectAttributes.class, PermittedAltNames.class);
        assertThatCode(() -> seal.check(ORGANIZATION, null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> seal.check(Drafts.PERSON, null)).hasMessageContaining("lacks organizationIdentifier");
    }
}
