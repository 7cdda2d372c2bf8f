package ir.meganaft.ragateway;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering the gateway keeps, checked on the main classes at every build (style.md, habits 13
 * to 16). The edges are {@code soap} (CXF endpoints, JAXB mapping), {@code messaging} (Artemis,
 * JMS), {@code web} (JAX-RS files under /pki), {@code admin} (the dead-letters command line, a
 * SOAP client), {@code management} (the management port: health and metrics, wired into Camel
 * and CXF), {@code canode} (the CA as its own service: CMP over a JDK HTTP server) and {@code singletons} (the database leases as Camel's cluster service, for the jobs
 * that run on one instance at a time); the boot classes are those of the root package ({@code GatewayApp},
 * {@code GatewayConfiguration}, {@code UnusedSettings}) and the wiring rooms ({@code wiring}). Everything else is the core: the features,
 * the model, the CA, keys and the store. Generated JAXB types ({@code contract}) are the edges'.
 */
@AnalyzeClasses(packages = "ir.meganaft.ragateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String BASE = "ir.meganaft.ragateway";
    private static final String[] EDGES = {
        BASE + ".soap..",
        BASE + ".messaging..",
        BASE + ".web..",
        BASE + ".admin..",
        BASE + ".singletons..",
        BASE + ".management..",
        BASE + ".canode.."
    };
    private static final String CONTRACT = BASE + ".contract..";
    /** Boot: the wiring rooms, one per feature, that GatewayConfiguration calls in order. */
    private static final String WIRING = BASE + ".wiring..";

    private static final String[] CORE = {
        BASE + ".ca..",
        BASE + ".caoperations..",
        BASE + ".cpmis..",
        BASE + ".crl..",
        BASE + ".csr..",
        BASE + ".errors..",
        BASE + ".identity..",
        BASE + ".idempotency..",
        BASE + ".intake..",
        BASE + ".issuance..",
        BASE + ".keys..",
        BASE + ".lifecycle..",
        BASE + ".notification..",
        BASE + ".operations..",
        BASE + ".profile..",
        BASE + ".request..",
        BASE + ".security..",
        BASE + ".status..",
        BASE + ".store..",
        BASE + ".tracking..",
        BASE + ".vetting.."
    };
    private static final String[] TRANSPORT_LIBRARIES = {
        "org.apache.camel..",
        "org.apache.cxf..",
        "jakarta.xml.ws..",
        "jakarta.ws.rs..",
        "jakarta.xml.bind..",
        "jakarta.jms..",
        "org.apache.activemq..",
        "org.eclipse.jetty.."
    };

    /** Every package is named here, so a new one is placed in a layer on purpose. */
    @ArchTest
    static final ArchRule every_package_is_core_edge_boot_or_contract = classes()
            .should()
            .resideInAnyPackage(concat(concat(CORE, EDGES), new String[] {BASE, WIRING, CONTRACT}))
            .because("a new package must be placed as a feature, an edge or boot, and the rules below then cover it");

    @ArchTest
    static final ArchRule features_never_use_the_edges_or_the_boot_classes = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(EDGES, new String[] {BASE, WIRING}))
            .because("the domain is called by soap/ and messaging/, never the other way (style.md, layout)");

    @ArchTest
    static final ArchRule features_use_no_camel_cxf_jms_or_generated_jaxb_types = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(TRANSPORT_LIBRARIES, new String[] {CONTRACT}))
            .because("features are plain Java; JAXB <-> domain mapping is soap/'s (style.md, layout)");

    @ArchTest
    static final ArchRule the_ca_never_reads_the_store_directly = noClasses()
            .that()
            .resideInAPackage(BASE + ".ca..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BASE + ".store..")
            .because("the CA owns small ports (CaLedger, RevocationRecords) that store/ implements");

    @ArchTest
    static final ArchRule the_request_model_depends_on_nothing_else_of_the_gateway = classes()
            .that()
            .resideInAPackage(BASE + ".request..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(BASE + ".request..", "java..")
            .because("the model sits below every feature");

    @ArchTest
    static final ArchRule security_resolves_callers_without_camel_or_cxf = noClasses()
            .that()
            .resideInAPackage(BASE + ".security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(TRANSPORT_LIBRARIES, new String[] {CONTRACT}))
            .because(
                    "soap/CallerEdge hands security/ the TLS session's certificates; the policy is plain Java (issue 12)");

    @ArchTest
    static final ArchRule the_domain_receives_callers_from_security_never_builds_them = noClasses()
            .that()
            .resideInAnyPackage(CORE)
            .and()
            .resideOutsideOfPackage(BASE + ".security..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(BASE + ".security.CallerResolver")
            .because("who calls is decided once, at the edge (style.md, habit 13)");

    /**
     * Packages do not know each other in a circle, with two exceptions written out here rather than
     * hidden:
     * <ul>
     *   <li>the store: features and the store still know each other both ways (the store maps
     *       notification's and cpmis' types, most features use its concrete classes), which the
     *       store's split into ports (issue 14, item 1) is to end; then this exception goes;</li>
     *   <li>the generated contract refers back to soap's XML adapters, as wsdl/bindings asks: the
     *       generated types and their mapping are one edge.</li>
     * </ul>
     */
    @ArchTest
    static final ArchRule packages_are_free_of_cycles_apart_from_the_store = slices().matching(BASE + ".(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(BASE + ".store.."), alwaysTrue())
            .ignoreDependency(alwaysTrue(), resideInAPackage(BASE + ".store.."))
            .ignoreDependency(resideInAPackage(CONTRACT), resideInAPackage(BASE + ".soap.."));

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
