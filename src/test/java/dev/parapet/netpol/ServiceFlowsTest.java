package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which texts name a Service, as docs/netpol.md describes the heuristic. */
class ServiceFlowsTest {
  private static Optional<Set<Integer>> ref(String text, String ns) {
    return ServiceFlows.references(text, false, ns, "data", "postgres");
  }

  @Test
  void qualifiedNamesCountAnywhere() {
    assertThat(ref("postgres.data", "shop")).contains(Set.of());
    assertThat(ref("jdbc:postgresql://postgres.data.svc:5432/orders", "shop"))
        .contains(Set.of(5432));
    assertThat(ref("host=postgres.data.svc.cluster.local. port=5432", "shop")).contains(Set.of());
    assertThat(ref("postgres.data.example.com", "shop")).isEmpty();
    assertThat(ref("mypostgres.data", "shop")).isEmpty();
  }

  @Test
  void bareNamesCountOnlyInTheSameNamespaceWhereAHostStands() {
    assertThat(ref("postgres", "data")).contains(Set.of());
    assertThat(ref("postgres", "shop")).isEmpty();
    assertThat(ref("postgres://orders@postgres:6432/orders", "data")).contains(Set.of(6432));
    assertThat(ref("DB=postgres;user=x", "data")).contains(Set.of());
    assertThat(ref("--db-host=postgres", "data")).contains(Set.of());
    assertThat(ref("upstream=postgres:5432", "data")).contains(Set.of(5432));
    // after = only when the key names a host: a flag's value is no host
    assertThat(ref("--log-format=postgres", "data")).isEmpty();
    assertThat(ref("--mode=postgres", "data")).isEmpty();
    assertThat(ref("server postgres:5432;", "data")).contains(Set.of(5432));
    // a scheme, a path segment, a word of a sentence
    assertThat(ref("postgres://db.example.com/orders", "data")).isEmpty();
    assertThat(ref("https://example.com/postgres/", "data")).isEmpty();
    assertThat(ref("we run postgres here", "data")).isEmpty();
  }

  @Test
  void serviceVariablesCountInTheSameNamespace() {
    assertThat(ref("$(POSTGRES_SERVICE_HOST):$(POSTGRES_SERVICE_PORT)", "data")).contains(Set.of());
    assertThat(ref("$(POSTGRES_SERVICE_HOST)", "shop")).isEmpty();
    assertThat(ref("MYPOSTGRES_SERVICE_HOST", "data")).isEmpty();
    assertThat(ServiceFlows.references("POSTGRES_SERVICE_HOST", true, "data", "data", "postgres"))
        .contains(Set.of());
    assertThat(ServiceFlows.references("POSTGRES_PASSWORD", true, "data", "data", "postgres"))
        .isEmpty();
  }
}
