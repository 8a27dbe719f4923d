package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RBAC techniques on the shipped examples: the paths they open, and that hardened has none. */
class RbacTechniquesTest {
  private static final Path INSECURE = Path.of("examples/insecure-cluster");
  private static final Path HARDENED = Path.of("examples/hardened");

  private static List<String> hops(AttackPath p) {
    return p.hops().stream().map(e -> e.from() + " -" + e.technique() + "-> " + e.to()).toList();
  }

  private static AttackPath path(AttackGraph g, String from, String to) {
    return Paths.shortest(g, List.of(from), v -> v.id().equals(to)).stream()
        .findFirst()
        .orElseThrow(() -> new AssertionError("no path " + from + " -> " + to));
  }

  @Test
  void theApiDeployHookCreatingPodsInKubeSystemBecomesClusterAdminThroughTiller() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    AttackPath p = path(g, Ids.serviceAccount("shop", "api"), Ids.CLUSTER_ADMIN);
    assertThat(hops(p))
        .containsExactly(
            "identity:sa:shop/api -POD_CREATE-> identity:sa:kube-system/tiller",
            "identity:sa:kube-system/tiller -CLUSTER_ADMIN_GRANT-> jewel:cluster-admin");
    Edge create = p.hops().get(0);
    // the subject in RoleBinding kube-system/api-runs-migrations and the Role's rule
    assertThat(create.evidence())
        .extracting(l -> l.file().replace('\\', '/') + ":" + l.line())
        .containsExactly(
            "examples/insecure-cluster/70-rbac.yaml:74",
            "examples/insecure-cluster/70-rbac.yaml:64");
    assertThat(create.explanation()).contains("create pods in namespace kube-system");
    assertThat(create.fixedBy()).contains("RBAC-007");
    assertThat(p.hops().get(1).fixedBy()).contains("RBAC-002");
  }

  @Test
  void podsCreatedInKubeSystemRunPrivilegedOnANodeAsNoPodSecurityLevelIsEnforcedThere() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(hops(path(g, Ids.serviceAccount("shop", "api"), Ids.ANY_NODE)))
        .containsExactly("identity:sa:shop/api -POD_CREATE-> node:(any)");
  }

  @Test
  void aNamespaceEnforcingBaselineAdmitsNoPrivilegedPodSoCreatingPodsThereStopsAtItsAccounts(
      @TempDir Path dir) throws IOException {
    String fixture =
        Files.readString(
            Path.of("src/test/resources/fixtures/graph/POD_CREATE/produces-create-pods.yaml"));
    Path file = dir.resolve("baseline.yaml");
    Files.writeString(
        file,
        fixture.replace(
            "  name: shop\n---",
            "  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n---"));
    AttackGraph g = GraphFixturesTest.graph(file);
    assertThat(g.edges())
        .filteredOn(e -> e.technique().equals("POD_CREATE"))
        .extracting(Edge::to)
        .contains(Ids.serviceAccount("shop", "payments"))
        .doesNotContain(Ids.ANY_NODE);
  }

  @Test
  void theOldCiRunnerEditingItsNamespaceRunsAPodAsTheClusterAdminRunner() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(hops(path(g, Ids.serviceAccount("ci", "runner-v1"), Ids.CLUSTER_ADMIN)))
        .containsExactly(
            "identity:sa:ci/runner-v1 -POD_CREATE-> identity:sa:ci/runner",
            "identity:sa:ci/runner -CLUSTER_ADMIN_GRANT-> jewel:cluster-admin");
  }

  @Test
  void theCiRunnerPodActsAsItsServiceAccountAndSoAsClusterAdmin() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(hops(path(g, Ids.pod("Deployment", "ci", "ci-runner"), Ids.CLUSTER_ADMIN)))
        .containsExactly(
            "pod:Deployment:ci/ci-runner -CONTAINER_ATTACH-> container:Deployment:ci/ci-runner/runner",
            "container:Deployment:ci/ci-runner/runner -IDENTITY_ASSUME-> identity:sa:ci/runner",
            "identity:sa:ci/runner -CLUSTER_ADMIN_GRANT-> jewel:cluster-admin");
  }

  @Test
  void supportImpersonatesSystemMastersAndOncallSignsItselfACertificate() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(hops(path(g, Ids.group("support"), Ids.CLUSTER_ADMIN)))
        .containsExactly("identity:group:support -IDENTITY_IMPERSONATE-> jewel:cluster-admin");
    Edge csr = path(g, Ids.group("platform-oncall"), Ids.CLUSTER_ADMIN).hops().get(0);
    assertThat(csr.technique()).isEqualTo("CSR_APPROVE");
    assertThat(csr.fixedBy()).containsExactly("RBAC-011", "RBAC-021");
  }

  @Test
  void anIdentityHoldingClusterAdminKeepsOnlyItsEdgesToOtherJewelsAndNodes() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(g.outgoing(Ids.serviceAccount("ci", "runner")))
        .extracting(e -> e.technique() + " " + e.to())
        .containsExactlyInAnyOrder(
            "CLUSTER_ADMIN_GRANT jewel:cluster-admin",
            "POD_CREATE node:(any)",
            "NODE_PROXY node:(any)",
            "TOKEN_LIST jewel:kube-system-secrets",
            "WEBHOOK_TAMPER jewel:kube-system-secrets");
  }

  @Test
  void hardenedHasNoPathFromAnyUserOrAnonymousToACrownJewelOrANode() {
    AttackGraph g = GraphFixturesTest.graph(HARDENED);
    assertThat(Paths.shortest(g, List.of(Ids.AUTHENTICATED, Ids.ANONYMOUS), Paths::isTarget))
        .isEmpty();
    // and it has identities and pods: the builder ran
    assertThat(g.vertex(Ids.pod("Deployment", "ci", "ci-runner"))).isPresent();
  }

  @Test
  void everyRbacEdgeNamesTheGrantItRestsOn() {
    AttackGraph g = GraphFixturesTest.graph(INSECURE);
    assertThat(g.edges())
        .filteredOn(e -> e.from().startsWith("identity:"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.evidence()).isNotEmpty())
        .allSatisfy(e -> assertThat(e.explanation()).contains("rule at"));
  }
}
