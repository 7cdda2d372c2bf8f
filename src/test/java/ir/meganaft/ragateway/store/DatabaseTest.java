package ir.meganaft.ragateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void an_h2_url_gets_a_statement_cache_unless_it_sets_its_own_and_other_databases_are_left_alone() {
        assertThat(Database.withStatementCache("jdbc:h2:file:/d/gateway;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/d/gateway;MODE=PostgreSQL;QUERY_CACHE_SIZE=256");
        assertThat(Database.withStatementCache("jdbc:h2:mem:x;query_cache_size=16"))
                .isEqualTo("jdbc:h2:mem:x;query_cache_size=16");
        assertThat(Database.withStatementCache("jdbc:postgresql://db/gateway"))
                .isEqualTo("jdbc:postgresql://db/gateway");
    }

    @Test
    void refuses_a_database_it_cannot_make_acknowledged_commits_durable_on() {
        assertThatThrownBy(() -> new Database("jdbc:mysql://db/gateway?password=secret", "gateway", "secret", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "gateway.db.url jdbc:mysql://db/gateway?password=*** is neither jdbc:postgresql: nor jdbc:h2:;"
                                + " the gateway knows how to make commits durable on these two only");
    }
}
