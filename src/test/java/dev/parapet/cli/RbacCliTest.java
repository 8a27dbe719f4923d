package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code parapet rbac} end to end, over Kubernetes' default RBAC plus the example cluster. */
class RbacCliTest {
  private static final String BOOTSTRAP = "../shared/corpus/rbac-bootstrap/testdata";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void canIAnswersYesWithTheGrantingChainAndExitsZero() {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "get",
            "secrets",
            "-n",
            "shop",
            "--as",
            "system:serviceaccount:shop:default",
            "-f",
            "examples/insecure-cluster",
            "-f",
            BOOTSTRAP);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("yes\n")
        .contains(
            "RoleBinding shop/api-reads-secrets -> Role shop/secret-reader in namespace shop");
  }

  @Test
  void canIAnswersNoAndExitsOne() {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "get",
            "secrets",
            "-n",
            "kube-system",
            "--as",
            "system:serviceaccount:shop:default",
            "-f",
            "examples/insecure-cluster",
            "-f",
            BOOTSTRAP);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("no\n");
  }

  @Test
  void canIReadsNonResourceUrlsAndAnonymousRequests() {
    CliTest.Run healthz =
        CliTest.run(
            "", "rbac", "can-i", "get", "/healthz", "--as", "system:anonymous", "-f", BOOTSTRAP);
    assertThat(healthz.code()).isZero();
    assertThat(healthz.out()).contains("ClusterRole system:public-info-viewer");
    CliTest.Run api =
        CliTest.run(
            "", "rbac", "can-i", "get", "/api", "--as", "system:anonymous", "-f", BOOTSTRAP);
    assertThat(api.code()).isEqualTo(1);
  }

  @Test
  void mastersAreSuperusers() {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "delete",
            "nodes",
            "--as",
            "alice",
            "--as-group",
            "system:masters",
            "-f",
            BOOTSTRAP,
            "-o",
            "json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"superuser\": true");
  }

  @Test
  void whoCanListsSubjectsWithBindingRoleAndScope() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "who-can",
            "get",
            "secrets",
            "-n",
            "shop",
            "-f",
            "examples/insecure-cluster",
            "-f",
            BOOTSTRAP,
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode subjects = JSON.readTree(r.out()).get("subjects");
    JsonNode runner = null;
    JsonNode shopDefault = null;
    for (JsonNode s : subjects) {
      assertThat(s.has("kind") && s.has("name") && s.has("binding") && s.has("role")).isTrue();
      if (s.get("name").asText().equals("runner")) {
        runner = s;
      }
      if (s.get("name").asText().equals("default")) {
        shopDefault = s;
      }
    }
    assertThat(runner.get("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(runner.get("namespace").asText()).isEqualTo("ci");
    assertThat(runner.at("/role/name").asText()).isEqualTo("cluster-admin");
    assertThat(runner.get("scope").asText()).isEqualTo("cluster");
    assertThat(shopDefault.at("/binding/name").asText()).isEqualTo("api-reads-secrets");
    assertThat(shopDefault.get("scope").asText()).isEqualTo("shop");
  }

  @Test
  void documentedWhoCanExampleIsTheRealOutput() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "who-can",
            "get",
            "secrets",
            "-n",
            "shop",
            "-f",
            "examples/insecure-cluster",
            "-o",
            "json");
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet rbac\n");
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(doc.substring(start, doc.indexOf("```", start)))
        .as("the who-can example in docs/json-output.md is stale")
        .isEqualTo(r.out());
  }

  @Test
  void showCompactsEffectivePermissionsPerScope() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "show",
            "system:serviceaccount:shop:default",
            "-A",
            "-f",
            "examples/insecure-cluster",
            "-f",
            BOOTSTRAP,
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("identity").asText()).contains("system:serviceaccounts:shop");
    JsonNode cluster = root.at("/scopes/0");
    assertThat(cluster.get("scope").asText()).isEqualTo("cluster");
    assertThat(cluster.get("permissions").toString())
        .contains("{\"nonResourceURL\":\"/healthz\",\"resourceNames\":[],\"verbs\":[\"get\"]}")
        .contains("selfsubjectaccessreviews.authorization.k8s.io");
    JsonNode shop = root.at("/scopes/1");
    assertThat(shop.get("scope").asText()).isEqualTo("shop");
    assertThat(shop.get("permissions").toString())
        .isEqualTo(
            "[{\"resource\":\"secrets\",\"resourceNames\":[],\"verbs\":[\"get\",\"list\",\"watch\"]}]");
  }

  @Test
  void canIUsesParapetsDefaultRoleWhenTheInputLacksItAndSaysSo() throws Exception {
    // the example binds the CI runner to cluster-admin without carrying the role
    CliTest.Run text =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "delete",
            "nodes",
            "--as",
            "system:serviceaccount:ci:runner",
            "-f",
            "examples/insecure-cluster");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.err()).doesNotContain("cluster-admin");
    assertThat(text.out())
        .startsWith("yes\n")
        .contains(
            "granted by ClusterRoleBinding ci-runner-admin -> ClusterRole cluster-admin [parapet"
                + " default] (cluster-wide), rule at <parapet default-roles.yaml>:")
        .contains("[parapet default]: the role is not in the input");
    CliTest.Run json =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "delete",
            "nodes",
            "--as",
            "system:serviceaccount:ci:runner",
            "-f",
            "examples/insecure-cluster",
            "-o",
            "json");
    JsonNode grant = JSON.readTree(json.out()).at("/grants/0");
    assertThat(grant.at("/role/name").asText()).isEqualTo("cluster-admin");
    assertThat(grant.at("/role/parapetDefault").asBoolean()).isTrue();
    assertThat(grant.at("/rule/file").asText()).isEqualTo("<parapet default-roles.yaml>");
  }

  @Test
  void noDefaultRolesAnswersFromTheInputAlone() {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "can-i",
            "delete",
            "nodes",
            "--as",
            "system:serviceaccount:ci:runner",
            "-f",
            "examples/insecure-cluster",
            "--no-default-roles");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("no\n");
    assertThat(r.err())
        .contains(
            "ClusterRoleBinding ci-runner-admin refers to ClusterRole cluster-admin which is not in"
                + " the input; ignored");
  }

  @Test
  void whoCanMarksDefaultRolesAndTheInputsOwnRoleWins() throws Exception {
    CliTest.Run text =
        CliTest.run("", "rbac", "who-can", "delete", "nodes", "-f", "examples/insecure-cluster");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("ClusterRole cluster-admin [parapet default]")
        .contains("[parapet default]: the role is not in the input");
    // with Kubernetes' own roles in the input, theirs are used
    CliTest.Run withBootstrap =
        CliTest.run(
            "",
            "rbac",
            "who-can",
            "delete",
            "nodes",
            "-f",
            "examples/insecure-cluster",
            "-f",
            BOOTSTRAP,
            "-o",
            "json");
    for (JsonNode s : JSON.readTree(withBootstrap.out()).get("subjects")) {
      assertThat(s.at("/role/parapetDefault").asBoolean()).as(s.toString()).isFalse();
      assertThat(s.at("/rule/file").asText()).doesNotStartWith("<parapet");
    }
  }

  @Test
  void showListsTheDefaultRolesBehindItsRows() throws Exception {
    CliTest.Run text =
        CliTest.run(
            "",
            "rbac",
            "show",
            "system:serviceaccount:ci:runner",
            "-f",
            "examples/insecure-cluster");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("*.*")
        .contains("rows granted through ClusterRole cluster-admin [parapet default]\n");
    CliTest.Run json =
        CliTest.run(
            "",
            "rbac",
            "show",
            "system:serviceaccount:ci:runner",
            "-f",
            "examples/insecure-cluster",
            "-o",
            "json",
            "--no-default-roles");
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.at("/scopes/0/permissions")).isEmpty();
    assertThat(root.get("parapetDefaultRoles")).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(
            CliTest.run(
                    "",
                    "rbac",
                    "can-i",
                    "get",
                    "pods",
                    "--as",
                    "system:serviceaccount:x",
                    "-f",
                    BOOTSTRAP)
                .code())
        .isEqualTo(2);
    assertThat(
            CliTest.run("", "rbac", "who-can", "get", "pods", "-n", "a", "-A", "-f", BOOTSTRAP)
                .code())
        .isEqualTo(2);
  }

  private static final String CHAINS =
      "src/test/resources/fixtures/rbac/RBAC-021/fail-chains-to-cluster-admin.yaml";

  @Test
  void escalationsListsEveryChainWithItsEvidence() {
    CliTest.Run r = CliTest.run("", "rbac", "escalations", "-f", CHAINS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "5 subjects can become cluster-admin (4 by escalating, 1 holding it outright)\n")
        .contains(
            "Group backup-team: 2 steps\n"
                + "  1. POD_CREATE: create jobs in namespace backup -> ServiceAccount backup/velero\n"
                + "       RoleBinding backup/backup-team-jobs -> Role backup/job-runner in namespace"
                + " backup, rule at "
                + CHAINS
                + ":32:5\n"
                + "  2. CLUSTER_ADMIN_GRANT: every verb on every resource in every namespace ->"
                + " cluster-admin\n")
        .contains("ServiceAccount backup/velero: holds cluster-admin power\n");
  }

  @Test
  void escalationsForOneSubjectAsJson() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "escalations",
            "-f",
            CHAINS,
            "--subject",
            "system:serviceaccount:monitoring:agent",
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    JsonNode path = root.at("/escalations/0");
    assertThat(root.get("escalations")).hasSize(1);
    assertThat(path.at("/subject/kind").asText()).isEqualTo("ServiceAccount");
    assertThat(path.at("/subject/namespace").asText()).isEqualTo("monitoring");
    assertThat(path.get("direct").asBoolean()).isFalse();
    assertThat(path.at("/steps/0/technique").asText()).isEqualTo("TOKEN_LIST");
    assertThat(path.at("/steps/0/to/name").asText()).isEqualTo("velero");
    assertThat(path.at("/steps/0/grants/0/binding/name").asText())
        .isEqualTo("monitoring-reads-secrets");
    assertThat(path.at("/steps/1/clusterAdmin").asBoolean()).isTrue();
  }

  @Test
  void escalationsHidesTheClusterMachineryUnlessAsked() {
    CliTest.Run hidden = CliTest.run("", "rbac", "escalations", "-f", BOOTSTRAP);
    assertThat(hidden.code()).as(hidden.err()).isZero();
    assertThat(hidden.out()).isEqualTo("no subject can become cluster-admin\n");
    CliTest.Run shown = CliTest.run("", "rbac", "escalations", "-f", BOOTSTRAP, "--include-system");
    assertThat(shown.out())
        .startsWith("11 subjects can become cluster-admin")
        .contains("User system:kube-controller-manager: 2 steps");
  }

  @Test
  void escalationsExampleInTheDocsIsTrue() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "rbac",
            "escalations",
            "-f",
            "examples/insecure-cluster",
            "--subject",
            "system:serviceaccount:shop:api",
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n### escalations\n");
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(doc.substring(start, doc.indexOf("```", start)))
        .as("the escalations example in docs/json-output.md is stale")
        .isEqualTo(r.out());
  }

  @Test
  void unreadableInputAnswersForTheRestAndExitsTwo() {
    CliTest.Run r =
        CliTest.run("", "rbac", "escalations", "-f", CHAINS, "-f", "no-such-dir/rbac.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-dir/rbac.yaml");
    assertThat(r.out()).startsWith("5 subjects can become cluster-admin");
  }

  @Test
  void escalationsRejectsAMalformedServiceAccountSubject() {
    CliTest.Run r =
        CliTest.run(
            "", "rbac", "escalations", "-f", CHAINS, "--subject", "system:serviceaccount:shop");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--subject system:serviceaccount:shop: expected system:serviceaccount:NAMESPACE:NAME");
  }
}
