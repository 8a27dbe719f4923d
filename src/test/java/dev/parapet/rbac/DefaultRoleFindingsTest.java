package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.model.ObjectRef;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The RBAC checks on manifests that bind Kubernetes' default roles without carrying them. The
 * checks use the index with parapet's default roles, so grants through them are seen; but a finding
 * always points into the user's files: a rule written in parapet's definitions is never reported
 * (its location is not in the inventory), and the bindings that grant it are reported where the
 * checks look at bindings.
 */
class DefaultRoleFindingsTest {
  private static final Pattern EXPECT =
      Pattern.compile("#\\s*expect:\\s*([A-Z0-9-]+(?:,\\s*[A-Z0-9-]+)*)\\s*$");

  /**
   * The checks whose findings here are listed exactly (by the markers); every other check, added
   * later, is held to the rule that its findings point into the input.
   */
  private static final Set<String> LISTED =
      Set.of(
          "RBAC-001",
          "RBAC-002",
          "RBAC-003",
          "RBAC-004",
          "RBAC-005",
          "RBAC-006",
          "RBAC-007",
          "RBAC-008",
          "RBAC-009");

  private static final String MANIFESTS =
      """
      # A deployer with edit everywhere: edit reads Secrets, creates pods, execs into them and mints
      # tokens; those rules are parapet's definitions, so the findings point at the binding.
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: deployer-edits-everything}
      subjects:
      - {kind: ServiceAccount, name: deployer, namespace: ci}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit} # expect: RBAC-005, RBAC-007, RBAC-008, RBAC-009
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ci-runner-admin}
      subjects:
      - {kind: ServiceAccount, name: runner, namespace: ci}
      roleRef: # expect: RBAC-002
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: cluster-admin
      ---
      # view is not in the input, yet it grants reads to every pod's token
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: everyone-views-staging, namespace: staging}
      subjects:
      - kind: Group # expect: RBAC-004
        name: system:authenticated
        apiGroup: rbac.authorization.k8s.io
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: break-glass, namespace: shop}
      subjects:
      - kind: Group # expect: RBAC-003
        name: system:masters
        apiGroup: rbac.authorization.k8s.io
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin} # expect: RBAC-007, RBAC-008, RBAC-009
      ---
      # a chart's role for its CRD, aggregated into edit, which the deployer holds cluster-wide
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: vault-secrets-edit
        labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
      rules:
      - apiGroups: [""] # expect: RBAC-005
        resources: [secrets]
        verbs: [get]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: metrics-server:system:auth-delegator}
      subjects:
      - {kind: ServiceAccount, name: metrics-server, namespace: kube-system}
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: system:auth-delegator
      """;

  @Test
  void findingsPointIntoTheInputAndNeverAtParapetsDefinitions() {
    RbacIndex index = Yaml.index(MANIFESTS);
    assertThat(index.isDefaultRole(new ObjectRef("ClusterRole", "", "edit"))).isTrue();
    CheckRunner.Outcome outcome =
        CheckRunner.run(RbacChecks.ALL, CheckContext.of(Yaml.inventory(MANIFESTS)));
    assertThat(outcome.errors()).isEmpty();
    for (Finding f : outcome.findings()) {
      assertThat(f.location().file()).as(f.message()).isEqualTo("rbac.yaml");
      assertThat(f.subject().file()).as(f.message()).isEqualTo("rbac.yaml");
    }
    TreeSet<String> expected = new TreeSet<>();
    String[] lines = MANIFESTS.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = EXPECT.matcher(lines[i]);
      if (m.find()) {
        for (String id : m.group(1).split(",")) {
          expected.add(id.trim() + "@" + (i + 1));
        }
      }
    }
    TreeSet<String> actual = new TreeSet<>();
    outcome.findings().stream()
        .filter(f -> LISTED.contains(f.check().id()))
        .forEach(f -> actual.add(f.check().id() + "@" + f.location().line()));
    assertThat(actual)
        .as(
            "findings:\n%s",
            String.join(
                "\n",
                outcome.findings().stream()
                    .map(f -> f.location().line() + " " + f.message())
                    .toList()))
        .isEqualTo(expected);
    Finding secrets =
        outcome.findings().stream()
            .filter(f -> f.check().id().equals("RBAC-005"))
            .findFirst()
            .orElseThrow();
    assertThat(secrets.message()).contains("ClusterRoleBinding deployer-edits-everything");
  }

  @Test
  void everyCheckStillSkipsRulesWrittenOutsideTheInventory() {
    // the default roles' rules are in the index but not in the inventory's written rules
    RbacIndex index = Yaml.index(MANIFESTS);
    List<PolicyRule> edit = index.effectiveRules("edit");
    assertThat(edit).anyMatch(r -> r.location().file().equals(DefaultRoles.FILE));
    for (PolicyRule r : edit) {
      boolean written = RbacFacts.find(Yaml.inventory(MANIFESTS), r.location()).isPresent();
      assertThat(written)
          .as(r.location().display())
          .isEqualTo(r.location().file().equals("rbac.yaml"));
    }
  }
}
