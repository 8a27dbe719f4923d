package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parapet.rbac.Escalations.Step;
import dev.parapet.rbac.Escalations.Technique;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EscalationsTest {
  /** A service account bound to a role allowing everything, cluster-wide. */
  private static final String ADMIN_BOT =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: everything}
      rules:
      - apiGroups: ["*"]
        resources: ["*"]
        verbs: ["*"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: admin-bot}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
      subjects:
      - {kind: ServiceAccount, name: admin-bot, namespace: kube-system}
      ---
      """;

  private static String role(String kind, String ns, String name, String rules) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: "
        + kind
        + "\nmetadata: {name: "
        + name
        + (ns.isEmpty() ? "" : ", namespace: " + ns)
        + "}\nrules:\n"
        + rules
        + "---\n";
  }

  private static String binding(
      String kind, String ns, String name, String roleKind, String role, String subject) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: "
        + kind
        + "\nmetadata: {name: "
        + name
        + (ns.isEmpty() ? "" : ", namespace: " + ns)
        + "}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
        + roleKind
        + ", name: "
        + role
        + "}\nsubjects:\n- "
        + subject
        + "\n---\n";
  }

  private static Escalations of(String yaml) {
    return Escalations.of(Yaml.inventory(yaml));
  }

  private static List<Technique> techniques(Escalations e, Subject s) {
    return e.pathToClusterAdmin(s).orElseThrow().steps().stream().map(Step::technique).toList();
  }

  @Test
  void holdingEverythingClusterWideIsClusterAdminInOneStep() {
    Escalations e = of(ADMIN_BOT);
    Subject bot = Subject.serviceAccount("kube-system", "admin-bot");
    assertThat(techniques(e, bot)).containsExactly(Technique.CLUSTER_ADMIN_GRANT);
    assertThat(e.pathToClusterAdmin(bot).orElseThrow().direct()).isTrue();
    Step step = e.pathToClusterAdmin(bot).orElseThrow().steps().get(0);
    assertThat(step.grants().get(0).binding().name()).isEqualTo("admin-bot");
    assertThat(step.grants().get(0).rule().location().line()).isEqualTo(5);
  }

  @Test
  void podCreationInANamespaceReachesItsServiceAccounts() {
    String yaml =
        ADMIN_BOT
            + role(
                "ClusterRole",
                "",
                "deployer",
                "- {apiGroups: [apps], resources: [deployments], verbs: [create]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "shop-deploys",
                "ClusterRole",
                "deployer",
                "{kind: ServiceAccount, name: api, namespace: shop}");
    Escalations e = of(yaml);
    Subject api = Subject.serviceAccount("shop", "api");
    Escalations.Path path = e.pathToClusterAdmin(api).orElseThrow();
    assertThat(path.steps())
        .extracting(Step::technique)
        .containsExactly(Technique.POD_CREATE, Technique.CLUSTER_ADMIN_GRANT);
    assertThat(path.steps().get(0).to())
        .isEqualTo(Subject.serviceAccount("kube-system", "admin-bot"));
    assertThat(path.steps().get(0).detail())
        .isEqualTo("create deployments in namespace kube-system");
    assertThat(path.direct()).isFalse();
    assertThat(e.reachable(api))
        .contains(Subject.serviceAccount("kube-system", "default"), Escalations.CLUSTER_ADMIN);
  }

  @Test
  void podCreationElsewhereDoesNotReachTheAdminAccount() {
    String yaml =
        ADMIN_BOT
            + role(
                "ClusterRole",
                "",
                "deployer",
                "- {apiGroups: [apps], resources: [deployments], verbs: [create, update]}\n")
            + binding(
                "RoleBinding",
                "shop",
                "shop-deploys",
                "ClusterRole",
                "deployer",
                "{kind: ServiceAccount, name: api, namespace: shop}");
    Escalations e = of(yaml);
    assertThat(e.pathToClusterAdmin(Subject.serviceAccount("shop", "api"))).isEmpty();
    assertThat(e.steps(Subject.serviceAccount("shop", "api")))
        .extracting(Step::to)
        .containsOnly(Subject.serviceAccount("shop", "default"));
  }

  @Test
  void impersonatingSystemMastersNeedsAUserToImpersonateToo() {
    String groupsOnly =
        role(
                "ClusterRole",
                "",
                "imp",
                "- {apiGroups: [\"\"], resources: [groups], verbs: [impersonate], resourceNames: [system:masters]}\n")
            + binding(
                "ClusterRoleBinding", "", "imp", "ClusterRole", "imp", "{kind: User, name: alice}");
    assertThat(of(groupsOnly).pathToClusterAdmin(Subject.user("alice"))).isEmpty();

    String withUsers =
        role(
                "ClusterRole",
                "",
                "imp",
                "- {apiGroups: [\"\"], resources: [groups], verbs: [impersonate], resourceNames: [system:masters]}\n"
                    + "- {apiGroups: [\"\"], resources: [users], verbs: [impersonate], resourceNames: [bob]}\n")
            + binding(
                "ClusterRoleBinding", "", "imp", "ClusterRole", "imp", "{kind: User, name: alice}");
    Escalations e = of(withUsers);
    assertThat(techniques(e, Subject.user("alice")))
        .containsExactly(Technique.IDENTITY_IMPERSONATE);
    assertThat(e.pathToClusterAdmin(Subject.user("alice")).orElseThrow().steps().get(0).grants())
        .hasSize(2);
  }

  @Test
  void impersonatingAUserWithPowerIsAStep() {
    String yaml =
        role(
                "ClusterRole",
                "",
                "everything",
                "- {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "root",
                "ClusterRole",
                "everything",
                "{kind: User, name: root}")
            + role(
                "ClusterRole",
                "",
                "imp",
                "- {apiGroups: [\"\"], resources: [users], verbs: [impersonate]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "imp",
                "ClusterRole",
                "imp",
                "{kind: Group, name: support}");
    assertThat(techniques(of(yaml), Subject.group("support")))
        .containsExactly(Technique.IDENTITY_IMPERSONATE, Technique.CLUSTER_ADMIN_GRANT);
  }

  @Test
  void bindingClusterAdminNeedsBindOnItAndAClusterRoleBindingWrite() {
    String rules =
        "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}\n"
            + "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [%s]}\n";
    String can =
        role("ClusterRole", "", "binder", rules.formatted("cluster-admin"))
            + binding(
                "ClusterRoleBinding",
                "",
                "binder",
                "ClusterRole",
                "binder",
                "{kind: User, name: carol}");
    assertThat(techniques(of(can), Subject.user("carol"))).containsExactly(Technique.ROLE_BIND);
    String cannot =
        role("ClusterRole", "", "binder", rules.formatted("view"))
            + binding(
                "ClusterRoleBinding",
                "",
                "binder",
                "ClusterRole",
                "binder",
                "{kind: User, name: carol}");
    assertThat(of(cannot).pathToClusterAdmin(Subject.user("carol"))).isEmpty();
  }

  @Test
  void escalateAndUpdateOnItsOwnClusterRoleIsClusterAdmin() {
    String yaml =
        role(
                "ClusterRole",
                "",
                "aggregator",
                "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, get, update]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "aggregator",
                "ClusterRole",
                "aggregator",
                "{kind: ServiceAccount, name: aggregator, namespace: kube-system}");
    assertThat(techniques(of(yaml), Subject.serviceAccount("kube-system", "aggregator")))
        .containsExactly(Technique.ROLE_BIND);
    String withoutEscalate = yaml.replace("escalate, ", "");
    assertThat(
            of(withoutEscalate)
                .pathToClusterAdmin(Subject.serviceAccount("kube-system", "aggregator")))
        .isEmpty();
  }

  @Test
  void escalateCountsForEveryBoundRoleEvenOneWithHarmlessRules() {
    // the role to rewrite grants only ConfigMap reads; escalate and update come from another role
    String yaml =
        role(
                "ClusterRole",
                "",
                "config-reader",
                "- {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "config-reader",
                "ClusterRole",
                "config-reader",
                "{kind: User, name: hank}")
            + role(
                "ClusterRole",
                "",
                "role-editor",
                "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles, roles], verbs: [escalate, update]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "role-editor",
                "ClusterRole",
                "role-editor",
                "{kind: User, name: hank}");
    Escalations.Path path = of(yaml).pathToClusterAdmin(Subject.user("hank")).orElseThrow();
    assertThat(path.steps()).extracting(Step::technique).containsExactly(Technique.ROLE_BIND);
    assertThat(path.steps().get(0).detail()).contains("ClusterRole config-reader");

    // a Role of a namespace, rewritten the same way, gives every account there
    String namespaced =
        ADMIN_BOT
            + role(
                "Role",
                "kube-system",
                "reader",
                "- {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}\n")
            + binding(
                "RoleBinding", "kube-system", "reader", "Role", "reader", "{kind: User, name: ivy}")
            + role(
                "ClusterRole",
                "",
                "role-editor",
                "- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate, update]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "role-editor",
                "ClusterRole",
                "role-editor",
                "{kind: User, name: ivy}");
    assertThat(techniques(of(namespaced), Subject.user("ivy")))
        .containsExactly(Technique.ROLE_BIND, Technique.CLUSTER_ADMIN_GRANT);
  }

  private static final String TOKEN_SECRET =
      """
      apiVersion: v1
      kind: Secret
      type: kubernetes.io/service-account-token
      metadata:
        name: admin-bot-token-x7k2p
        namespace: kube-system
        annotations: {kubernetes.io/service-account.name: admin-bot}
      ---
      """;

  @Test
  void readingTokenSecretsReachesTheirAccounts() {
    String list =
        ADMIN_BOT
            + TOKEN_SECRET
            + role(
                "Role",
                "kube-system",
                "reader",
                "- {apiGroups: [\"\"], resources: [secrets], verbs: [list]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "reader",
                "Role",
                "reader",
                "{kind: User, name: dave}");
    assertThat(techniques(of(list), Subject.user("dave")))
        .containsExactly(Technique.TOKEN_LIST, Technique.CLUSTER_ADMIN_GRANT);

    String getByName =
        list.replace("verbs: [list]}", "verbs: [get], resourceNames: [admin-bot-token-x7k2p]}");
    assertThat(techniques(of(getByName), Subject.user("dave")))
        .containsExactly(Technique.TOKEN_BRUTEFORCE, Technique.CLUSTER_ADMIN_GRANT);

    String getOther = list.replace("verbs: [list]}", "verbs: [get], resourceNames: [tls-cert]}");
    assertThat(of(getOther).pathToClusterAdmin(Subject.user("dave"))).isEmpty();
  }

  @Test
  void creatingAndReadingSecretsForgesATokenForAnyAccountOfTheNamespace() {
    String yaml =
        ADMIN_BOT
            + role(
                "Role",
                "kube-system",
                "secrets",
                "- {apiGroups: [\"\"], resources: [secrets], verbs: [create, get]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "secrets",
                "Role",
                "secrets",
                "{kind: User, name: erin}");
    assertThat(techniques(of(yaml), Subject.user("erin")))
        .containsExactly(Technique.TOKEN_FORGE, Technique.CLUSTER_ADMIN_GRANT);
    assertThat(
            of(yaml.replace("[create, get]", "[create]")).pathToClusterAdmin(Subject.user("erin")))
        .isEmpty();
  }

  @Test
  void mintingTokensIsLimitedByResourceNames() {
    String yaml =
        ADMIN_BOT
            + role(
                "Role",
                "kube-system",
                "minter",
                "- {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create], resourceNames: [%s]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "minter",
                "Role",
                "minter",
                "{kind: User, name: frank}");
    assertThat(techniques(of(yaml.formatted("admin-bot")), Subject.user("frank")))
        .containsExactly(Technique.TOKEN_MINT, Technique.CLUSTER_ADMIN_GRANT);
    assertThat(of(yaml.formatted("metrics")).pathToClusterAdmin(Subject.user("frank"))).isEmpty();
  }

  private static final String ADMIN_BOT_DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: janitor, namespace: kube-system}
      spec:
        template:
          spec:
            serviceAccountName: admin-bot
            %s
            containers: [{name: c, image: busybox}]
      ---
      """;

  @Test
  void execReachesAccountsWhoseTokenIsMounted() {
    String exec =
        role(
                "Role",
                "kube-system",
                "debug",
                "- {apiGroups: [\"\"], resources: [pods/exec], verbs: [get]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "debug",
                "Role",
                "debug",
                "{kind: Group, name: oncall}");
    Escalations mounted = of(ADMIN_BOT + ADMIN_BOT_DEPLOYMENT.formatted("") + exec);
    Escalations.Path path = mounted.pathToClusterAdmin(Subject.group("oncall")).orElseThrow();
    assertThat(path.steps())
        .extracting(Step::technique)
        .containsExactly(Technique.POD_EXEC, Technique.CLUSTER_ADMIN_GRANT);
    assertThat(path.steps().get(0).detail())
        .isEqualTo("exec into a pod of Deployment kube-system/janitor");

    String off = ADMIN_BOT_DEPLOYMENT.formatted("automountServiceAccountToken: false");
    assertThat(of(ADMIN_BOT + off + exec).pathToClusterAdmin(Subject.group("oncall"))).isEmpty();
  }

  @Test
  void nodeProxyReachesEveryMountedToken() {
    String yaml =
        ADMIN_BOT
            + ADMIN_BOT_DEPLOYMENT.formatted("")
            + role(
                "ClusterRole",
                "",
                "kubelet-api",
                "- {apiGroups: [\"\"], resources: [nodes/proxy], verbs: [get]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "monitoring",
                "ClusterRole",
                "kubelet-api",
                "{kind: ServiceAccount, name: scraper, namespace: monitoring}");
    assertThat(techniques(of(yaml), Subject.serviceAccount("monitoring", "scraper")))
        .containsExactly(Technique.NODE_PROXY, Technique.CLUSTER_ADMIN_GRANT);
    String roleBinding =
        yaml.replace(
            "kind: ClusterRoleBinding\nmetadata: {name: monitoring}",
            "kind: RoleBinding\nmetadata: {name: monitoring, namespace: kube-system}");
    assertThat(of(roleBinding).pathToClusterAdmin(Subject.serviceAccount("monitoring", "scraper")))
        .as("nodes are cluster-scoped: a RoleBinding cannot grant nodes/proxy")
        .isEmpty();
  }

  @Test
  void bindInANamespaceGivesEveryAccountThere() {
    String yaml =
        ADMIN_BOT
            + role(
                "Role",
                "kube-system",
                "binder",
                "- {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}\n"
                    + "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}\n")
            + binding(
                "RoleBinding",
                "kube-system",
                "binder",
                "Role",
                "binder",
                "{kind: User, name: gina}");
    assertThat(techniques(of(yaml), Subject.user("gina")))
        .containsExactly(Technique.ROLE_BIND, Technique.CLUSTER_ADMIN_GRANT);
  }

  @Test
  void approvingClientCertificatesIsClusterAdmin() {
    String yaml =
        role(
                "ClusterRole",
                "",
                "csr-approver",
                "- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get]}\n"
                    + "- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n"
                    + "- {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: [%s]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "csr-approver",
                "ClusterRole",
                "csr-approver",
                "{kind: ServiceAccount, name: approver, namespace: certs}");
    Subject approver = Subject.serviceAccount("certs", "approver");
    assertThat(techniques(of(yaml.formatted("kubernetes.io/kube-apiserver-client")), approver))
        .containsExactly(Technique.CSR_APPROVE);
    assertThat(techniques(of(yaml.formatted("kubernetes.io/*")), approver))
        .containsExactly(Technique.CSR_APPROVE);
    assertThat(of(yaml.formatted("example.com/internal-ca")).pathToClusterAdmin(approver))
        .as("approving another signer's requests yields no API client certificate")
        .isEmpty();
  }

  @Test
  void readOnlySubjectsReachNothing() {
    String yaml =
        ADMIN_BOT
            + role(
                "ClusterRole",
                "",
                "viewer",
                "- {apiGroups: [\"\", apps], resources: [pods, deployments, configmaps], verbs: [get, list, watch]}\n")
            + binding(
                "ClusterRoleBinding",
                "",
                "viewers",
                "ClusterRole",
                "viewer",
                "{kind: Group, name: devs}");
    Escalations e = of(yaml);
    assertThat(e.steps(Subject.group("devs"))).isEmpty();
    assertThat(e.toClusterAdmin())
        .extracting(Escalations.Path::subject)
        .containsExactly(Subject.serviceAccount("kube-system", "admin-bot"));
  }

  @Test
  void bootstrapPolicyControllerManagerCanMintItsWayToClusterAdmin() throws IOException {
    Escalations e =
        Escalations.of(
            Yaml.inventory(
                Stream.of(
                        "cluster-roles.yaml",
                        "cluster-role-bindings.yaml",
                        "controller-roles.yaml",
                        "controller-role-bindings.yaml",
                        "namespace-roles.yaml",
                        "namespace-role-bindings.yaml")
                    .map(BootstrapPolicyTest.CORPUS::resolve)
                    .toList()));
    Subject aggregator =
        Subject.serviceAccount("kube-system", "clusterrole-aggregation-controller");
    // the aggregation controller may escalate and update the ClusterRoles it is bound to
    assertThat(techniques(e, aggregator)).containsExactly(Technique.ROLE_BIND);
    // the controller manager mints a token for it (it creates serviceaccounts/token for its
    // controllers when it runs with --use-service-account-credentials)
    Escalations.Path kcm =
        e.pathToClusterAdmin(Subject.user("system:kube-controller-manager")).orElseThrow();
    assertThat(kcm.steps())
        .extracting(Step::technique, Step::to)
        .containsExactly(
            tuple(Technique.TOKEN_MINT, aggregator),
            tuple(Technique.ROLE_BIND, Escalations.CLUSTER_ADMIN));
    // controllers that create pods in every namespace can run one as the aggregation controller
    assertThat(techniques(e, Subject.serviceAccount("kube-system", "replicaset-controller")))
        .containsExactly(Technique.POD_CREATE, Technique.ROLE_BIND);
    assertThat(e.toClusterAdmin())
        .extracting(Escalations.Path::subject)
        .hasSize(11)
        .doesNotContain(
            Subject.user("system:kube-scheduler"),
            Subject.group("system:authenticated"),
            Subject.group("system:nodes"),
            Subject.user("system:anonymous"));
  }
}
