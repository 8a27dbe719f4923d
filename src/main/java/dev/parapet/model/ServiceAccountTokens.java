package dev.parapet.model;

import dev.parapet.source.ScalarNode;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the kubelet mounts a workload's service-account token, decided as upstream decides it:
 * the pod's {@code automountServiceAccountToken} wins; when unset, the ServiceAccount's, when the
 * input holds the account; otherwise true, the API's default. One rule for every engine that asks
 * (SEC-001, the RBAC escalations, the attack graph).
 */
public final class ServiceAccountTokens {
  private ServiceAccountTokens() {}

  /**
   * @param mounted whether the token is mounted
   * @param decidedBy the field that decides, empty when nothing is written (the default)
   * @param account the ServiceAccount object, when in the input
   */
  public record TokenMount(
      boolean mounted, Optional<ScalarNode> decidedBy, Optional<K8sObject> account) {}

  /** The key of {@link #accounts} among the inventory's derived results. */
  private static final class Index {}

  /**
   * The inventory's ServiceAccounts by {@code namespace/name} (the namespace they are applied to),
   * the first of duplicates; computed once per inventory.
   */
  public static Map<String, K8sObject> accounts(Inventory inventory) {
    return inventory.derived(
        Index.class,
        inv -> {
          Map<String, K8sObject> out = new java.util.HashMap<>();
          for (K8sObject sa : inv.ofKind("ServiceAccount")) {
            out.putIfAbsent(sa.effectiveNamespace() + "/" + sa.name(), sa);
          }
          return java.util.Collections.unmodifiableMap(out);
        });
  }

  public static TokenMount of(Workload workload, Map<String, K8sObject> accounts) {
    Optional<K8sObject> sa =
        Optional.ofNullable(
            accounts.get(
                workload.object().effectiveNamespace() + "/" + workload.serviceAccountName()));
    Optional<ScalarNode> podValue =
        workload
            .podSpec()
            .flatMap(s -> s.scalar("automountServiceAccountToken"))
            .filter(s -> s.asBoolean().isPresent());
    if (podValue.isPresent()) {
      return new TokenMount(podValue.get().isTrue(), podValue, sa);
    }
    Optional<ScalarNode> saValue =
        sa.flatMap(o -> o.root().scalar("automountServiceAccountToken"))
            .filter(s -> s.asBoolean().isPresent());
    return new TokenMount(saValue.map(ScalarNode::isTrue).orElse(true), saValue, sa);
  }
}
