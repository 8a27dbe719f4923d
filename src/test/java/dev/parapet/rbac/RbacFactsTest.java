package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RbacFactsTest {
  private static final List<String> WRITES = List.of("create", "update", "patch", "delete");

  private static PolicyRule rule(
      List<String> verbs, List<String> groups, List<String> resources, List<String> names) {
    return new PolicyRule(verbs, groups, resources, names, List.of(), null);
  }

  @Test
  void verbsOnListsTheWantedVerbsTheRuleAllowsInTheirOrder() {
    PolicyRule r =
        rule(List.of("patch", "get", "create"), List.of(""), List.of("services"), List.of());
    assertThat(RbacFacts.verbsOn(r, WRITES, "", "services", "")).containsExactly("create", "patch");
    assertThat(RbacFacts.verbsOn(r, WRITES, "apps", "services", "")).isEmpty();
    assertThat(RbacFacts.verbsOn(r, WRITES, "", "services", "status")).isEmpty();
  }

  @Test
  void resourceNamesNarrowNamedVerbsButNeverAllowUnnamedOnes() {
    PolicyRule r = rule(List.of("*"), List.of(""), List.of("services"), List.of("gateway"));
    assertThat(RbacFacts.verbsOn(r, WRITES, "", "services", ""))
        .containsExactly("update", "patch", "delete");
    assertThat(
            RbacFacts.verbsOn(r, List.of("list", "watch", "deletecollection"), "", "services", ""))
        .isEmpty();
    // a create on a subresource names its parent object, so resourceNames can allow it
    PolicyRule exec = rule(List.of("create"), List.of(""), List.of("pods/exec"), List.of("web"));
    assertThat(RbacFacts.verbsOn(exec, List.of("create"), "", "pods", "exec"))
        .containsExactly("create");
  }

  @Test
  void verbsOnFollowsWildcardsAsTheAuthorizerDoes() {
    PolicyRule all = rule(List.of("*"), List.of("*"), List.of("*/status"), List.of());
    assertThat(RbacFacts.verbsOn(all, List.of("update"), "", "nodes", "status"))
        .containsExactly("update");
    assertThat(RbacFacts.verbsOn(all, List.of("update"), "", "nodes", "")).isEmpty();
  }
}
