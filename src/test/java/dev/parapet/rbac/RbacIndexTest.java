package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacIndexTest {
  private static final String ROLES =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: pod-reader}
      rules:
      - apiGroups: [""]
        resources: [pods]
        verbs: [get, list]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: secret-reader, namespace: team-a}
      rules:
      - apiGroups: [""]
        resources: [secrets]
        verbs: [get]
      """;

  @Test
  void roleBindingToClusterRoleGrantsOnlyInItsNamespace() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: read-pods, namespace: team-a}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects:
                - {kind: User, name: alice}
                """);
    Identity alice = Identity.user("alice");
    ResourceRequest get = Request.resource("get", "", "pods");
    Decision d = idx.allowed(alice, get.in("team-a").named("p"));
    assertThat(d.allowed()).isTrue();
    Grant g = d.first().orElseThrow();
    assertThat(g.binding().name()).isEqualTo("read-pods");
    assertThat(g.role()).isEqualTo(new ObjectRef("ClusterRole", "", "pod-reader"));
    assertThat(g.scope()).isEqualTo("team-a");
    assertThat(g.rule().location().line()).isEqualTo(5);
    assertThat(idx.allowed(alice, get.in("team-b")).allowed()).isFalse();
    // cluster-wide (all namespaces) needs a ClusterRoleBinding
    assertThat(idx.allowed(alice, get).allowed()).isFalse();
    assertThat(idx.allowed(Identity.user("bob"), get.in("team-a")).allowed()).isFalse();
  }

  @Test
  void clusterRoleBindingGrantsEverywhereAndClusterWide() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: read-pods}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects:
                - {kind: Group, name: readers}
                """);
    Identity carol = Identity.user("carol", "readers");
    assertThat(idx.allowed(carol, Request.resource("list", "", "pods")).allowed()).isTrue();
    assertThat(idx.allowed(carol, Request.resource("list", "", "pods").in("x")).allowed()).isTrue();
    assertThat(idx.allowed(carol, Request.resource("delete", "", "pods").in("x")).allowed())
        .isFalse();
    Grant g = idx.allowed(carol, Request.resource("list", "", "pods")).first().orElseThrow();
    assertThat(g.clusterWide()).isTrue();
    assertThat(g.subject().key()).isEqualTo(Subject.group("readers"));
  }

  @Test
  void roleBindingToRoleUsesTheRoleOfItsOwnNamespace() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: rs, namespace: team-a}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
                subjects:
                - {kind: ServiceAccount, name: app}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: rs, namespace: team-b}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
                subjects:
                - {kind: ServiceAccount, name: app}
                """);
    // the SA subject without a namespace is the binding's namespace
    Identity app = Identity.serviceAccount("team-a", "app");
    assertThat(
            idx.allowed(app, Request.resource("get", "", "secrets").in("team-a").named("s"))
                .allowed())
        .isTrue();
    assertThat(
            idx.allowed(
                    Identity.serviceAccount("team-b", "app"),
                    Request.resource("get", "", "secrets").in("team-a"))
                .allowed())
        .isFalse();
    // there is no Role secret-reader in team-b
    assertThat(idx.problems()).hasSize(1);
    assertThat(idx.problems().get(0).message())
        .contains("RoleBinding team-b/rs", "Role team-b/secret-reader", "not in the input");
    assertThat(idx.problems().get(0).line()).isEqualTo(27);
  }

  @Test
  void whoCanCountsARoleOnlyInItsOwnNamespace() {
    StringBuilder yaml = new StringBuilder();
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      yaml.append(
          """
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: secret-reader, namespace: %s}
          rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: rs, namespace: %s}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
          subjects: [{kind: User, name: reader-in-%s}]
          ---
          """
              .formatted(ns, ns, ns));
    }
    RbacIndex idx = Yaml.index(yaml.toString());
    ResourceRequest get = Request.resource("get", "", "secrets");
    assertThat(idx.whoCan(get.in("team-b")))
        .extracting(g -> g.subject().name())
        .containsExactly("reader-in-team-b");
    assertThat(idx.whoCan(get.in("team-d"))).isEmpty();
    // a Role grants nothing cluster-wide
    assertThat(idx.whoCan(get)).isEmpty();
  }

  @Test
  void whoCanListsClusterRoleBindingsThenTheNamespacesRoleBindingsInInputOrder() {
    StringBuilder yaml = new StringBuilder(ROLES);
    for (String ns : List.of("team-a", "team-b", "team-a")) {
      yaml.append(
          """
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {generateName: read-, namespace: %s}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
          subjects: [{kind: User, name: reader-in-%s}, {kind: Group, name: %s-devs}]
          """
              .formatted(ns, ns, ns));
    }
    yaml.append(
        """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: everyone-reads}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
        subjects: [{kind: Group, name: auditors}]
        """);
    RbacIndex idx = Yaml.index(yaml.toString());
    ResourceRequest list = Request.resource("list", "", "pods");
    assertThat(idx.whoCan(list.in("team-a")))
        .extracting(g -> g.subject().name())
        .containsExactly(
            "auditors", "reader-in-team-a", "team-a-devs", "reader-in-team-a", "team-a-devs");
    assertThat(idx.whoCan(list.in("team-c")))
        .extracting(g -> g.subject().name())
        .containsExactly("auditors");
    assertThat(idx.whoCan(list)).extracting(g -> g.subject().name()).containsExactly("auditors");
    assertThat(idx.whoCan(list.in("team-b")))
        .extracting(Grant::scope)
        .containsExactly("", "team-b", "team-b");
  }

  @Test
  void clusterRoleBindingToARoleIsIgnoredAndReported() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: bad}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
                subjects:
                - {kind: User, name: alice}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: missing}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nope}
                subjects:
                - {kind: User, name: alice}
                """);
    assertThat(idx.bindings()).isEmpty();
    assertThat(idx.problems())
        .extracting(p -> p.message())
        .containsExactly(
            "ClusterRoleBinding bad refers to Role secret-reader: a ClusterRoleBinding can only"
                + " refer to a ClusterRole; ignored",
            "ClusterRoleBinding missing refers to ClusterRole nope which is not in the input;"
                + " ignored");
    assertThat(
            idx.allowed(Identity.user("alice"), Request.resource("get", "", "secrets").in("team-a"))
                .allowed())
        .isFalse();
  }

  @Test
  void serviceAccountIdentityMatchesSaUserAndImplicitGroups() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: by-user-name}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects:
                - {kind: User, name: "system:serviceaccount:ns1:sa1"}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: all-sas-of-ns2, namespace: ns2}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects:
                - {kind: Group, name: "system:serviceaccounts:ns2"}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: sa-without-namespace}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects:
                - {kind: ServiceAccount, name: sa3}
                """);
    ResourceRequest list = Request.resource("list", "", "pods").in("ns2");
    assertThat(idx.allowed(Identity.serviceAccount("ns1", "sa1"), list).allowed()).isTrue();
    assertThat(idx.allowed(Identity.serviceAccount("ns2", "other"), list).allowed()).isTrue();
    assertThat(idx.allowed(Identity.serviceAccount("ns2", "other"), list.in("ns1")).allowed())
        .isFalse();
    // a ServiceAccount subject of a ClusterRoleBinding needs a namespace, else it matches nobody
    assertThat(idx.allowed(Identity.serviceAccount("default", "sa3"), list).allowed()).isFalse();
    assertThat(idx.whoCan(list))
        .extracting(g -> g.subject().toString())
        .containsExactly("User system:serviceaccount:ns1:sa1", "Group system:serviceaccounts:ns2");
  }

  @Test
  void identitiesCarryTheAuthenticatorsGroups() {
    assertThat(Identity.serviceAccount("a", "b").groups())
        .containsExactlyInAnyOrder(
            "system:serviceaccounts", "system:serviceaccounts:a", "system:authenticated");
    assertThat(Identity.serviceAccount("a", "b").user()).isEqualTo("system:serviceaccount:a:b");
    assertThat(Identity.user("u", "g").groups())
        .containsExactlyInAnyOrder("g", "system:authenticated");
    assertThat(Identity.anonymous().groups()).containsExactly("system:unauthenticated");
    assertThat(Identity.user("root", "system:masters").isSuperuser()).isTrue();
    assertThat(Identity.user("x").serviceAccount()).isEmpty();
    assertThat(Identity.serviceAccount("a", "b").serviceAccount()).contains(List.of("a", "b"));
  }

  @Test
  void mastersAreAllowedWithoutAnyBinding() {
    RbacIndex idx = Yaml.index(ROLES);
    Decision d =
        idx.allowed(
            Identity.user("root", "system:masters"),
            Request.resource("delete", "", "nodes").named("n1"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.superuser()).isTrue();
    assertThat(d.grants()).isEmpty();
  }

  private static final String AGGREGATION =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: top}
      aggregationRule:
        clusterRoleSelectors:
        - matchLabels: {tier: top}
      rules: null
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: middle
        labels: {tier: top}
      aggregationRule:
        clusterRoleSelectors:
        - matchExpressions:
          - {key: tier, operator: In, values: [middle, low]}
          - {key: skip, operator: DoesNotExist}
      rules: [{apiGroups: [""], resources: [ignored], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: b-low
        labels: {tier: low}
      rules:
      - {apiGroups: [""], resources: [pods], verbs: [get]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: a-low
        labels: {tier: low}
      rules:
      - {apiGroups: [""], resources: [services], verbs: [get]}
      - {apiGroups: [""], resources: [pods], verbs: [get]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: skipped
        labels: {tier: low, skip: "yes"}
      rules:
      - {apiGroups: [""], resources: [secrets], verbs: [get]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: top-extra
        labels: {tier: top}
      rules:
      - {apiGroups: [""], resources: [configmaps], verbs: [get]}
      """;

  @Test
  void aggregatesThroughChainsInControllerOrder() {
    RbacIndex idx = Yaml.index(AGGREGATION);
    // middle: a-low then b-low (by name), duplicate pods rule once, its own rules replaced
    assertThat(idx.effectiveRules("middle"))
        .extracting(r -> r.resources().get(0))
        .containsExactly("services", "pods");
    // top: middle's aggregated rules, then top-extra
    assertThat(idx.effectiveRules("top"))
        .extracting(r -> r.resources().get(0))
        .containsExactly("services", "pods", "configmaps");
    // the aggregated rule keeps the location of the rule it came from
    assertThat(idx.effectiveRules("top").get(0).location().line()).isEqualTo(35);
    assertThat(idx.problems()).isEmpty();
  }

  @Test
  void aggregationCyclesAndInvalidSelectorsAreReportedNotFatal() {
    RbacIndex idx =
        Yaml.index(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: x, labels: {ring: "1"}}
            aggregationRule: {clusterRoleSelectors: [{matchLabels: {ring: "1"}}]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: y, labels: {ring: "1"}}
            aggregationRule: {clusterRoleSelectors: [{matchLabels: {ring: "1"}}]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: z, labels: {ring: "1"}}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: broken}
            aggregationRule:
              clusterRoleSelectors: [{matchExpressions: [{key: a, operator: Sometimes}]}]
            rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
            """);
    assertThat(idx.effectiveRules("x"))
        .extracting(r -> r.resources().get(0))
        .containsExactly("pods");
    assertThat(idx.effectiveRules("y"))
        .extracting(r -> r.resources().get(0))
        .containsExactly("pods");
    assertThat(idx.effectiveRules("broken"))
        .extracting(r -> r.resources().get(0))
        .containsExactly("nodes");
    assertThat(idx.problems())
        .extracting(p -> p.message())
        .anyMatch(m -> m.contains("broken") && m.contains("unknown operator Sometimes"))
        .anyMatch(m -> m.startsWith("ClusterRole x aggregates itself"))
        .anyMatch(m -> m.startsWith("ClusterRole y aggregates itself"));
  }

  @Test
  void rulesForListsClusterAndNamespaceGrants() {
    RbacIndex idx =
        Yaml.index(
            ROLES
                + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: c}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
                subjects: [{kind: User, name: alice}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: r, namespace: team-a}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
                subjects: [{kind: User, name: alice}]
                """);
    Identity alice = Identity.user("alice");
    assertThat(idx.rulesFor(alice, "team-a"))
        .extracting(g -> g.binding().name() + ":" + g.rule().resources())
        .containsExactly("c:[pods]", "r:[secrets]");
    assertThat(idx.rulesFor(alice, "")).extracting(g -> g.binding().name()).containsExactly("c");
    assertThat(idx.canI(alice, Request.resource("get", "", "secrets").in("team-a")).grants())
        .hasSize(1);
  }
}
