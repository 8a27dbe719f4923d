package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.ObjectRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes default (bootstrap) RBAC policy from ../shared/corpus/rbac-bootstrap, queried with
 * answers that can be read off the YAML (see the corpus's SOURCE.md for its version caveats).
 */
class BootstrapPolicyTest {
  static final Path CORPUS = Path.of("..", "shared", "corpus", "rbac-bootstrap", "testdata");
  private static RbacIndex idx;

  private static final Identity SCHEDULER = Identity.user("system:kube-scheduler");
  private static final Identity CONTROLLER_MANAGER =
      Identity.user("system:kube-controller-manager");
  private static final Identity NODE = Identity.user("system:node:n1", "system:nodes");
  private static final Identity JANE = Identity.user("jane");

  @BeforeAll
  static void load() throws IOException {
    assertThat(CORPUS).as("the RBAC corpus must be checked out beside the project").isDirectory();
    idx =
        Yaml.index(
            Stream.of(
                    "cluster-roles.yaml",
                    "cluster-role-bindings.yaml",
                    "controller-roles.yaml",
                    "controller-role-bindings.yaml",
                    "namespace-roles.yaml",
                    "namespace-role-bindings.yaml")
                .map(CORPUS::resolve)
                .toList());
  }

  private static boolean can(Identity who, Request what) {
    return idx.allowed(who, what).allowed();
  }

  private static ResourceRequest core(String verb, String resource) {
    return Request.resource(verb, "", resource);
  }

  @Test
  void everyReferenceResolves() {
    assertThat(idx.problems()).isEmpty();
    assertThat(idx.clusterRoles()).hasSize(31 + 38);
    assertThat(idx.bindings()).hasSize(10 + 38 + 7);
  }

  @Test
  void schedulerBindsPodsButReadsNoSecrets() {
    assertThat(can(SCHEDULER, core("create", "pods/binding").in("default"))).isTrue();
    assertThat(can(SCHEDULER, core("get", "pods").in("default").named("p"))).isTrue();
    assertThat(can(SCHEDULER, core("list", "pods"))).isTrue();
    assertThat(can(SCHEDULER, core("create", "pods").in("default"))).isFalse();
    assertThat(can(SCHEDULER, core("get", "secrets").in("default").named("s"))).isFalse();
    assertThat(can(SCHEDULER, core("get", "secrets").in("kube-system").named("s"))).isFalse();
    Grant g = idx.allowed(SCHEDULER, core("create", "pods/binding").in("x")).first().orElseThrow();
    assertThat(g.binding().name()).isEqualTo("system:kube-scheduler");
    assertThat(g.role()).isEqualTo(new ObjectRef("ClusterRole", "", "system:kube-scheduler"));
    assertThat(g.rule().resources()).containsExactly("bindings", "pods/binding");
    assertThat(g.rule().location().file()).endsWith("cluster-roles.yaml");
    // the ClusterRole grants its lease by name only; in kube-system a namespace Role grants all
    ResourceRequest lease = Request.resource("update", "coordination.k8s.io", "leases");
    assertThat(can(SCHEDULER, lease.in("default").named("kube-scheduler"))).isTrue();
    assertThat(can(SCHEDULER, lease.in("default").named("kube-controller-manager"))).isFalse();
    assertThat(can(SCHEDULER, lease.in("default"))).isFalse();
    Grant inKubeSystem =
        idx.allowed(SCHEDULER, lease.in("kube-system").named("kube-controller-manager"))
            .first()
            .orElseThrow();
    assertThat(inKubeSystem.role())
        .isEqualTo(new ObjectRef("Role", "kube-system", "system::leader-locking-kube-scheduler"));
    assertThat(inKubeSystem.scope()).isEqualTo("kube-system");
  }

  @Test
  void controllerManagerListsEverythingAndReadsSecrets() {
    assertThat(can(CONTROLLER_MANAGER, core("list", "secrets"))).isTrue();
    assertThat(can(CONTROLLER_MANAGER, Request.resource("watch", "x.example.com", "widgets")))
        .isTrue();
    assertThat(can(CONTROLLER_MANAGER, core("get", "secrets").in("kube-system").named("s")))
        .isTrue();
    assertThat(can(CONTROLLER_MANAGER, core("create", "serviceaccounts/token").in("a").named("b")))
        .isTrue();
    assertThat(can(CONTROLLER_MANAGER, core("delete", "pods").in("a").named("p"))).isFalse();
    // through the namespace RoleBinding system::leader-locking-kube-controller-manager only there
    assertThat(
            idx.rulesFor(CONTROLLER_MANAGER, "kube-system").stream()
                .map(g -> g.binding().name())
                .distinct())
        .contains(
            "system:kube-controller-manager",
            "system::leader-locking-kube-controller-manager",
            "system::extension-apiserver-authentication-reader");
    assertThat(idx.rulesFor(CONTROLLER_MANAGER, "default")).allMatch(Grant::clusterWide);
  }

  @Test
  void systemNodeBindingHasNoSubjectsSoNodesGetOnlyWhatEveryoneGets() {
    ClusterRoleTestSupport.assertNoSubjects(idx, "system:node");
    // the ClusterRole itself reads secrets, but nothing binds it (the Node authorizer does that)
    assertThat(idx.effectiveRules("system:node"))
        .anyMatch(r -> r.allows(core("get", "secrets").in("a").named("s")));
    assertThat(can(NODE, core("get", "secrets").in("default").named("s"))).isFalse();
    assertThat(can(NODE, core("get", "nodes").named("n1"))).isFalse();
    assertThat(
            can(
                NODE,
                Request.resource("create", "authorization.k8s.io", "selfsubjectaccessreviews")))
        .isTrue();
    assertThat(idx.rulesFor(NODE, "kube-system"))
        .extracting(g -> g.binding().name())
        .doesNotContain("system:node")
        .allMatch(
            n ->
                n.equals("system:basic-user")
                    || n.equals("system:discovery")
                    || n.equals("system:public-info-viewer"));
    assertThat(idx.whoCan(core("get", "secrets").in("default").named("s")))
        .extracting(g -> g.binding().name())
        .doesNotContain("system:node");
  }

  @Test
  void everyAuthenticatedUserMayReviewItselfAndReadDiscovery() {
    assertThat(
            can(
                JANE,
                Request.resource("create", "authorization.k8s.io", "selfsubjectaccessreviews")))
        .isTrue();
    assertThat(
            can(JANE, Request.resource("create", "authorization.k8s.io", "subjectaccessreviews")))
        .isFalse();
    assertThat(can(JANE, Request.nonResource("get", "/version"))).isTrue();
    assertThat(can(JANE, Request.nonResource("get", "/healthz"))).isTrue();
    assertThat(can(JANE, Request.nonResource("get", "/apis/apps/v1"))).isTrue();
    assertThat(can(JANE, Request.nonResource("get", "/metrics"))).isFalse();
    assertThat(can(JANE, Request.nonResource("post", "/version"))).isFalse();
    assertThat(can(JANE, core("list", "pods").in("default"))).isFalse();
    assertThat(
            idx.allowed(JANE, Request.nonResource("get", "/version"))
                .first()
                .orElseThrow()
                .binding()
                .name())
        .isEqualTo("system:discovery");
  }

  @Test
  void anonymousReadsHealthAndVersionButNotTheApi() {
    Identity anon = Identity.anonymous();
    for (String path : List.of("/healthz", "/livez", "/readyz", "/version", "/version/")) {
      Decision d = idx.allowed(anon, Request.nonResource("get", path));
      assertThat(d.allowed()).as(path).isTrue();
      assertThat(d.first().orElseThrow().role().name()).isEqualTo("system:public-info-viewer");
      assertThat(d.first().orElseThrow().subject().name()).isEqualTo("system:unauthenticated");
    }
    assertThat(can(anon, Request.nonResource("get", "/api"))).isFalse();
    assertThat(can(anon, Request.nonResource("get", "/apis"))).isFalse();
    assertThat(can(anon, Request.nonResource("get", "/healthz/etcd"))).isFalse();
    assertThat(
            can(
                anon,
                Request.resource("create", "authorization.k8s.io", "selfsubjectaccessreviews")))
        .isFalse();
  }

  @Test
  void mastersCanDoAnythingAndClusterAdminIsBoundToThem() {
    Identity root = Identity.user("root", "system:masters");
    assertThat(idx.allowed(root, core("delete", "nodes").named("n1")).superuser()).isTrue();
    assertThat(can(root, Request.nonResource("put", "/anything"))).isTrue();
    List<Grant> who =
        idx.whoCan(Request.resource("escalate", "rbac.authorization.k8s.io", "clusterroles"));
    assertThat(who)
        .anyMatch(
            g ->
                g.binding().name().equals("cluster-admin")
                    && g.subject().key().equals(Subject.group("system:masters"))
                    && g.role().name().equals("cluster-admin")
                    && g.clusterWide());
    // the aggregation controller may escalate cluster roles, as the corpus notes
    assertThat(who)
        .anyMatch(
            g ->
                g.subject()
                    .key()
                    .equals(
                        Subject.serviceAccount(
                            "kube-system", "clusterrole-aggregation-controller")));
    assertThat(idx.rulesFor(root, "")).extracting(g -> g.role().name()).contains("cluster-admin");
  }

  @Test
  void adminEditViewAggregateTransitively() {
    List<PolicyRule> view = idx.effectiveRules("view");
    List<PolicyRule> edit = idx.effectiveRules("edit");
    List<PolicyRule> admin = idx.effectiveRules("admin");
    assertThat(idx.clusterRole("edit").orElseThrow().rules()).isEmpty();
    assertThat(view).isNotEmpty();
    assertThat(view).allMatch(r -> edit.stream().anyMatch(r::sameGrant));
    assertThat(edit).allMatch(r -> admin.stream().anyMatch(r::sameGrant));
    assertThat(admin.size()).isGreaterThan(edit.size());
    assertThat(edit.size()).isGreaterThan(view.size());
    ResourceRequest exec = core("create", "pods/exec").in("dev").named("p");
    ResourceRequest secret = core("get", "secrets").in("dev").named("s");
    ResourceRequest pods = core("list", "pods").in("dev");
    assertThat(edit).anyMatch(r -> r.allows(exec)).anyMatch(r -> r.allows(secret));
    assertThat(view).noneMatch(r -> r.allows(exec)).noneMatch(r -> r.allows(secret));
    assertThat(view).anyMatch(r -> r.allows(pods));
    assertThat(admin)
        .anyMatch(
            r ->
                r.allows(
                    Request.resource("create", "rbac.authorization.k8s.io", "rolebindings")
                        .in("dev")));
    assertThat(edit)
        .noneMatch(
            r ->
                r.allows(
                    Request.resource("create", "rbac.authorization.k8s.io", "rolebindings")
                        .in("dev")));
    // an edit rule comes from a system:aggregate-to-* role and keeps its location there
    PolicyRule execRule = edit.stream().filter(r -> r.allows(exec)).findFirst().orElseThrow();
    assertThat(execRule.location().file()).endsWith("cluster-roles.yaml");
  }

  @Test
  void namespaceRolesGrantOnlyInTheirNamespace() {
    Identity signer = Identity.serviceAccount("kube-system", "bootstrap-signer");
    ResourceRequest update = core("update", "configmaps").in("kube-public");
    assertThat(can(signer, update.named("cluster-info"))).isTrue();
    assertThat(can(signer, update.named("other"))).isFalse();
    assertThat(can(signer, core("list", "configmaps").in("kube-public"))).isTrue();
    assertThat(can(signer, core("list", "configmaps").in("default"))).isFalse();
    assertThat(can(signer, core("get", "secrets").in("kube-system").named("t"))).isTrue();
    assertThat(can(signer, core("get", "secrets").in("kube-public").named("t"))).isFalse();
    List<Grant> who = idx.whoCan(core("get", "secrets").in("kube-system").named("t"));
    assertThat(who)
        .anyMatch(
            g ->
                g.subject().key().equals(Subject.serviceAccount("kube-system", "bootstrap-signer"))
                    && g.scope().equals("kube-system")
                    && g.role()
                        .equals(
                            new ObjectRef(
                                "Role", "kube-system", "system:controller:bootstrap-signer")));
    assertThat(idx.whoCan(core("get", "secrets").in("kube-public").named("t")))
        .noneMatch(g -> g.subject().name().equals("bootstrap-signer"));
  }
}
