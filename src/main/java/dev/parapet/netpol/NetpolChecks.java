package dev.parapet.netpol;

import dev.parapet.check.Check;
import java.util.List;

/**
 * Checks of NetworkPolicy coverage, width and exposure, registered explicitly, in check-id order.
 */
public final class NetpolChecks {
  private NetpolChecks() {}

  public static final List<Check> ALL =
      List.of(
          new NamespaceWithoutDefaultDenyIngress(),
          new NamespaceWithoutDefaultDenyEgress(),
          new WorkloadNotSelectedByAnyPolicy(),
          new PolicySelectsNoPod(),
          new PolicyPeerMatchesNothing(),
          new SensitiveWorkloadOpenToAll(),
          new EgressToEverywhere(),
          new CloudMetadataReachable(),
          new ExposedWithoutIngressPolicy());
}
