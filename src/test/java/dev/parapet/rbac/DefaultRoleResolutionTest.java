package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.ObjectRef;
import dev.parapet.source.Limits;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Bindings to the Kubernetes default roles in manifests that do not carry them: the index assumes
 * parapet's definitions, an input role of the same name wins, and the opt-out gives the input
 * alone.
 */
class DefaultRoleResolutionTest {
  /** A CI runner with cluster-admin, alice editing and bob viewing shop, and an API server. */
  private static final String BINDINGS =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ci-runner-admin}
      subjects:
      - {kind: ServiceAccount, name: runner, namespace: ci}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: alice-edits, namespace: shop}
      subjects:
      - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: bob-views, namespace: shop}
      subjects:
      - {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: carol-admins, namespace: shop}
      subjects:
      - {kind: User, name: carol, apiGroup: rbac.authorization.k8s.io}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: metrics-server:system:auth-delegator}
      subjects:
      - {kind: ServiceAccount, name: metrics-server, namespace: kube-system}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: metrics-server-auth-reader, namespace: kube-system}
      subjects:
      - {kind: ServiceAccount, name: metrics-server, namespace: kube-system}
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: extension-apiserver-authentication-reader
      """;

  private static final Identity RUNNER = Identity.serviceAccount("ci", "runner");
  private static final Identity ALICE = Identity.user("alice");
  private static final Identity BOB = Identity.user("bob");
  private static final Identity CAROL = Identity.user("carol");
  private static final Identity METRICS = Identity.serviceAccount("kube-system", "metrics-server");

  private static Path corpus(String file) {
    return BootstrapPolicyTest.CORPUS.resolve(file);
  }

  private static ResourceRequest core(String verb, String resource) {
    return Request.resource(verb, "", resource);
  }

  @Test
  void clusterAdminFromParapetsDefinitionAllowsEverything() {
    RbacIndex idx = Yaml.index(BINDINGS);
    assertThat(idx.problems()).isEmpty();
    Decision d = idx.canI(RUNNER, core("delete", "nodes"));
    assertThat(d.allowed()).isTrue();
    Grant g = d.first().orElseThrow();
    assertThat(g.binding().name()).isEqualTo("ci-runner-admin");
    assertThat(g.role()).isEqualTo(new ObjectRef("ClusterRole", "", "cluster-admin"));
    assertThat(g.defaultRole()).isTrue();
    assertThat(g.rule().location().file()).isEqualTo(DefaultRoles.FILE);
    assertThat(g.rule().location().display()).startsWith("<parapet default-roles.yaml>:");
    assertThat(idx.canI(RUNNER, Request.nonResource("get", "/metrics")).allowed()).isTrue();
    assertThat(
            idx.canI(RUNNER, Request.resource("escalate", "rbac.authorization.k8s.io", "roles"))
                .allowed())
        .isTrue();
  }

  @Test
  void editViewAndAdminAnswerAsUpstreamDoes() throws IOException {
    // the same bindings over Kubernetes' own roles, without parapet's
    YamlReader reader = new YamlReader(Limits.DEFAULT);
    Inventory withUpstream =
        Inventory.build(
            List.of(
                reader.read("bindings.yaml", BINDINGS.getBytes(StandardCharsets.UTF_8)),
                reader.read("cluster-roles.yaml", Files.readAllBytes(corpus("cluster-roles.yaml"))),
                reader.read(
                    "namespace-roles.yaml", Files.readAllBytes(corpus("namespace-roles.yaml")))));
    RbacIndex upstream = RbacIndex.of(withUpstream, false);
    RbacIndex ours = Yaml.index(BINDINGS);
    assertThat(upstream.problems()).isEmpty();
    List<Request> requests = new ArrayList<>();
    for (String verb : List.of("get", "list", "create", "update", "delete", "impersonate")) {
      for (String resource :
          List.of(
              "pods",
              "pods/exec",
              "pods/log",
              "secrets",
              "configmaps",
              "serviceaccounts",
              "serviceaccounts/token",
              "nodes",
              "namespaces",
              "resourcequotas")) {
        requests.add(core(verb, resource).in("shop"));
        requests.add(core(verb, resource).in("other"));
        requests.add(core(verb, resource));
      }
      for (String[] gr :
          List.of(
              new String[] {"apps", "deployments"},
              new String[] {"batch", "cronjobs"},
              new String[] {"rbac.authorization.k8s.io", "rolebindings"},
              new String[] {"rbac.authorization.k8s.io", "clusterroles"},
              new String[] {"authentication.k8s.io", "tokenreviews"},
              new String[] {"authorization.k8s.io", "subjectaccessreviews"},
              new String[] {"authorization.k8s.io", "localsubjectaccessreviews"})) {
        requests.add(Request.resource(verb, gr[0], gr[1]).in("shop"));
        requests.add(Request.resource(verb, gr[0], gr[1]));
      }
      requests.add(
          core(verb, "configmaps").in("kube-system").named("extension-apiserver-authentication"));
      requests.add(core(verb, "configmaps").in("kube-system").named("other"));
      requests.add(Request.nonResource(verb, "/healthz"));
    }
    int allowed = 0;
    for (Identity who : List.of(RUNNER, ALICE, BOB, CAROL, METRICS)) {
      for (Request q : requests) {
        boolean expected = upstream.allowed(who, q).allowed();
        assertThat(ours.allowed(who, q).allowed()).as(who + " " + q).isEqualTo(expected);
        allowed += expected ? 1 : 0;
      }
    }
    assertThat(allowed).as("the requests must not all be denied").isGreaterThan(100);
    // spot checks, as the docs describe the roles
    assertThat(ours.allowed(ALICE, core("get", "secrets").in("shop")).allowed()).isTrue();
    assertThat(ours.allowed(ALICE, core("get", "secrets").in("other")).allowed()).isFalse();
    assertThat(ours.allowed(BOB, core("get", "secrets").in("shop")).allowed()).isFalse();
    assertThat(ours.allowed(BOB, core("list", "pods").in("shop")).allowed()).isTrue();
    assertThat(
            ours.allowed(
                    CAROL,
                    Request.resource("create", "rbac.authorization.k8s.io", "roles").in("shop"))
                .allowed())
        .isTrue();
  }

  @Test
  void grantsThroughDefaultRolesAreMarkedAndOthersAreNot() {
    RbacIndex idx =
        Yaml.index(
            BINDINGS
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader, namespace: shop}
                rules:
                - {apiGroups: [""], resources: [pods], verbs: [get]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: bob-reads, namespace: shop}
                subjects:
                - {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
                """);
    List<Grant> grants = idx.canI(BOB, core("get", "pods").in("shop").named("p")).grants();
    assertThat(grants)
        .extracting(g -> g.binding().name(), Grant::defaultRole)
        .containsExactly(Tuple.tuple("bob-views", true), Tuple.tuple("bob-reads", false));
    assertThat(grants.get(0).toString()).contains("ClusterRole view [parapet default]");
    assertThat(idx.isDefaultRole(new ObjectRef("ClusterRole", "", "view"))).isTrue();
    assertThat(idx.isDefaultRole(new ObjectRef("Role", "shop", "reader"))).isFalse();
    assertThat(idx.whoCan(core("get", "pods").in("shop")))
        .filteredOn(g -> g.subject().name().equals("bob"))
        .extracting(Grant::defaultRole)
        .containsExactly(true, false);
  }

  @Test
  void aRoleOfTheInputWithTheSameNameWins() {
    RbacIndex idx =
        Yaml.index(
            BINDINGS
                + """
                ---
                # a cluster whose view was cut down to pods
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: view}
                rules:
                - {apiGroups: [""], resources: [pods], verbs: [get, list]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: cluster-admin}
                rules:
                - {apiGroups: [""], resources: [namespaces], verbs: [get]}
                """);
    assertThat(idx.isDefaultRole(new ObjectRef("ClusterRole", "", "view"))).isFalse();
    assertThat(idx.isDefaultRole(new ObjectRef("ClusterRole", "", "cluster-admin"))).isFalse();
    assertThat(idx.isDefaultRole(new ObjectRef("ClusterRole", "", "edit"))).isTrue();
    assertThat(idx.clusterRole("view").orElseThrow().object().file()).isEqualTo("rbac.yaml");
    Decision pods = idx.canI(BOB, core("list", "pods").in("shop"));
    assertThat(pods.allowed()).isTrue();
    assertThat(pods.first().orElseThrow().defaultRole()).isFalse();
    assertThat(pods.first().orElseThrow().rule().location().file()).isEqualTo("rbac.yaml");
    assertThat(idx.canI(BOB, core("list", "configmaps").in("shop")).allowed()).isFalse();
    assertThat(idx.canI(RUNNER, core("delete", "nodes")).allowed()).isFalse();
    assertThat(idx.canI(RUNNER, core("get", "namespaces").named("x")).allowed()).isTrue();
    // the input's view carries no aggregate-to-edit label, so edit no longer contains it
    assertThat(idx.canI(ALICE, core("list", "configmaps").in("shop")).allowed()).isFalse();
    assertThat(idx.canI(ALICE, core("create", "configmaps").in("shop")).allowed()).isTrue();
  }

  @Test
  void aRoleOfTheInputLabelledForAggregationJoinsTheDefaultRoles() {
    RbacIndex idx =
        Yaml.index(
            BINDINGS
                + """
                ---
                # what a CRD's chart ships so that namespace editors can manage its objects
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: widgets-edit
                  labels:
                    rbac.authorization.k8s.io/aggregate-to-edit: "true"
                    rbac.authorization.k8s.io/aggregate-to-admin: "true"
                rules:
                - {apiGroups: [example.com], resources: [widgets], verbs: [create, delete]}
                """);
    ResourceRequest widgets = Request.resource("create", "example.com", "widgets").in("shop");
    Decision alice = idx.canI(ALICE, widgets);
    assertThat(alice.allowed()).isTrue();
    Grant g = alice.first().orElseThrow();
    assertThat(g.role()).isEqualTo(new ObjectRef("ClusterRole", "", "edit"));
    assertThat(g.defaultRole()).isTrue();
    assertThat(g.rule().location().file()).isEqualTo("rbac.yaml");
    assertThat(idx.canI(CAROL, widgets).allowed()).isTrue();
    assertThat(idx.canI(BOB, widgets).allowed()).isFalse();
    assertThat(idx.problems()).isEmpty();
  }

  @Test
  void theOptOutUsesOnlyTheInput() {
    Inventory inventory = Yaml.inventory(BINDINGS);
    RbacIndex inputOnly = RbacIndex.of(inventory, false);
    RbacIndex withDefaults = RbacIndex.of(inventory);
    assertThat(inputOnly).isNotSameAs(withDefaults);
    assertThat(RbacIndex.of(inventory, false)).isSameAs(inputOnly);
    assertThat(RbacIndex.of(inventory, true)).isSameAs(withDefaults);
    assertThat(inputOnly.canI(RUNNER, core("delete", "nodes")).allowed()).isFalse();
    assertThat(inputOnly.canI(ALICE, core("get", "pods").in("shop")).allowed()).isFalse();
    assertThat(inputOnly.bindings()).isEmpty();
    assertThat(inputOnly.clusterRoles()).isEmpty();
    assertThat(inputOnly.isDefaultRole(new ObjectRef("ClusterRole", "", "edit"))).isFalse();
    assertThat(inputOnly.problems())
        .extracting(p -> p.message())
        .contains(
            "ClusterRoleBinding ci-runner-admin refers to ClusterRole cluster-admin which is not"
                + " in the input; ignored",
            "RoleBinding kube-system/metrics-server-auth-reader refers to Role"
                + " kube-system/extension-apiserver-authentication-reader which is not in the"
                + " input; ignored")
        .hasSize(6);
  }

  @Test
  void aBindingToAnyOtherMissingRoleIsStillAProblem() {
    RbacIndex idx =
        Yaml.index(
            BINDINGS
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: dangling}
                subjects:
                - {kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nope}
                ---
                # the default Role exists in kube-system only
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: reader-elsewhere, namespace: shop}
                subjects:
                - {kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: Role
                  name: extension-apiserver-authentication-reader
                """);
    assertThat(idx.problems())
        .extracting(p -> p.message())
        .containsExactly(
            "ClusterRoleBinding dangling refers to ClusterRole nope which is not in the input;"
                + " ignored",
            "RoleBinding shop/reader-elsewhere refers to Role"
                + " shop/extension-apiserver-authentication-reader which is not in the input;"
                + " ignored");
    assertThat(
            idx.canI(
                    METRICS,
                    core("get", "configmaps")
                        .in("kube-system")
                        .named("extension-apiserver-authentication"))
                .first()
                .orElseThrow()
                .defaultRole())
        .isTrue();
    assertThat(
            idx.canI(METRICS, Request.resource("create", "authentication.k8s.io", "tokenreviews"))
                .allowed())
        .isTrue();
  }
}
