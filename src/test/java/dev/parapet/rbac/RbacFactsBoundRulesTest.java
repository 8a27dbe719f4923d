package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the rules that bindings grant are gathered ({@link RbacFacts#boundRules}). */
class RbacFactsBoundRulesTest {
  @Test
  void boundRuleListsEachGrantingBindingOnceInIndexOrder() {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: edit}
            aggregationRule:
              clusterRoleSelectors: [{matchLabels: {aggregate-to-edit: "true"}}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: edit-part, labels: {aggregate-to-edit: "true"}}
            rules:
            - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
            - {apiGroups: [""], resources: [pods], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: everyone-edits}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{kind: Group, name: devs}, {kind: User, name: ann}]
            """);
    for (int i = 0; i < 50; i++) {
      // bound directly and through the aggregated role, in turns
      yaml.append(
          """
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: b%d, namespace: ns%d}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
          subjects: [{kind: User, name: u%d}]
          """
              .formatted(i, i, i % 2 == 0 ? "edit" : "edit-part", i));
    }
    RbacIndex idx = Yaml.index(yaml.toString());
    Map<Location, RbacFacts.BoundRule> bound =
        RbacFacts.boundRules(idx, r -> r.resources().contains("pods/exec"));
    assertThat(bound).hasSize(1);
    List<String> names = new ArrayList<>();
    for (Binding b : bound.values().iterator().next().bindings()) {
      names.add(b.name());
    }
    List<String> expected = new ArrayList<>(List.of("everyone-edits"));
    for (int i = 0; i < 50; i++) {
      expected.add("b" + i);
    }
    assertThat(names).containsExactlyElementsOf(expected);
  }
}
