package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 20k bindings: answers stay right at scale. Speed is measured by a benchmark, not here (issue 3's
 * RBAC benchmark is still to be written).
 */
class RbacIndexScaleTest {
  private static final int NAMESPACES = 500;
  private static final int BINDINGS_PER_NAMESPACE = 40;

  private static String cluster() {
    StringBuilder sb =
        new StringBuilder(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader}
            rules: [{apiGroups: [""], resources: [pods, configmaps], verbs: [get, list]}]
            """);
    for (int n = 0; n < NAMESPACES; n++) {
      sb.append(
          """
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: writer, namespace: ns%d}
          rules: [{apiGroups: [""], resources: [secrets], verbs: [get, update]}]
          """
              .formatted(n));
      for (int b = 0; b < BINDINGS_PER_NAMESPACE; b++) {
        boolean toRole = b % 2 == 0;
        sb.append(
            """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: b%d, namespace: ns%d}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
            subjects:
            - {kind: ServiceAccount, name: sa%d}
            - {kind: User, name: user%d}
            """
                .formatted(
                    b, n, toRole ? "Role" : "ClusterRole", toRole ? "writer" : "reader", b, b));
        if (!toRole) {
          sb.append("- {kind: Group, name: system:authenticated}\n");
        }
      }
    }
    return sb.toString();
  }

  @Test
  void answersRightOverTwentyThousandBindings() {
    RbacIndex idx = Yaml.index(cluster());
    assertThat(idx.bindings()).hasSize(NAMESPACES * BINDINGS_PER_NAMESPACE);
    assertThat(idx.problems()).isEmpty();
    Identity sa = Identity.serviceAccount("ns7", "sa2");
    ResourceRequest getSecret = Request.resource("get", "", "secrets").in("ns7").named("s");
    assertThat(idx.allowed(sa, getSecret).allowed()).isTrue();
    int queries = 200;
    for (int i = 0; i < queries; i++) {
      String ns = "ns" + (i % NAMESPACES);
      assertThat(
              idx.allowed(Identity.serviceAccount(ns, "sa" + (i % 40)), getSecret.in(ns)).allowed())
          .isEqualTo(i % 40 % 2 == 0);
      assertThat(idx.whoCan(getSecret.in(ns))).hasSize(BINDINGS_PER_NAMESPACE / 2 * 2);
      // user3's own binding plus the 20 reader bindings that name system:authenticated
      assertThat(idx.rulesFor(Identity.user("user3"), ns)).hasSize(BINDINGS_PER_NAMESPACE / 2);
    }
  }
}
