package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

final class ClusterRoleTestSupport {
  private ClusterRoleTestSupport() {}

  static void assertNoSubjects(RbacIndex idx, String bindingName) {
    assertThat(idx.bindings())
        .filteredOn(b -> b.isClusterRoleBinding() && b.name().equals(bindingName))
        .singleElement()
        .satisfies(b -> assertThat(b.subjects()).isEmpty());
  }
}
