package ir.meganaft.ragateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's rule that it keeps every message it accepts, and the gateway's broker passing it. */
class EmbeddedBrokerTest {

    private static ConfigurationImpl durable() {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setJournalSyncTransactional(true);
        c.setJournalSyncNonTransactional(true);
        c.addAddressSetting(
                "#",
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        return c;
    }

    @Test
    void a_persistent_synced_broker_whose_dead_letter_and_expiry_addresses_have_queues_passes() {
        assertThat(EmbeddedBroker.durabilityProblems(durable(), Set.of("DLQ", "ExpiryQueue")::contains))
                .isEmpty();
    }

    @Test
    void a_broker_with_persistence_off_is_refused() {
        ConfigurationImpl c = durable();
        c.setPersistenceEnabled(false);
        assertThat(EmbeddedBroker.durabilityProblems(c, address -> true))
                .singleElement()
                .asString()
                .contains("persistence is off");
    }

    @Test
    void a_journal_that_answers_before_syncing_is_refused() {
        ConfigurationImpl transactional = durable();
        transactional.setJournalSyncTransactional(false);
        ConfigurationImpl nonTransactional = durable();
        nonTransactional.setJournalSyncNonTransactional(false);
        assertThat(EmbeddedBroker.durabilityProblems(transactional, address -> true))
                .singleElement()
                .asString()
                .contains("does not sync");
        assertThat(EmbeddedBroker.durabilityProblems(nonTransactional, address -> true))
                .singleElement()
                .asString()
                .contains("does not sync");
    }

    @Test
    void a_dead_letter_or_expiry_address_without_a_queue_is_refused() {
        ConfigurationImpl c = durable();
        c.addAddressSetting(
                "ra.vetting", new AddressSettings().setDeadLetterAddress(SimpleString.of("ra.vetting.dead-letters")));
        assertThat(EmbeddedBroker.durabilityProblems(c, Set.of("DLQ")::contains))
                .anySatisfy(p -> assertThat(p).contains("ExpiryQueue"))
                .anySatisfy(p -> assertThat(p).contains("ra.vetting.dead-letters"))
                .hasSize(2);
    }

    @Test
    void the_gateways_broker_binds_a_durable_queue_to_every_dead_letter_and_expiry_address(@TempDir Path dir) {
        // start() refuses a broker that fails the rule, so starting is the proof
        EmbeddedBroker broker = new EmbeddedBroker(dir, "", 3, 100)
                .retryPolicy("ra.callbacks", 5, 100, 1000, "ra.dead-letters")
                .retryPolicy("ra.vetting", "ra.vetting.dead-letters")
                .retryPolicy("ra.issuance", "ra.issuance.dead-letters");
        broker.start();
        broker.stop();
    }
}
