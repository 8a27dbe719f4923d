package dev.parapet.workload;

import dev.parapet.check.Check;
import java.util.List;

/** Every workload hardening check, registered explicitly, in check-id order. */
public final class WorkloadChecks {
  private WorkloadChecks() {}

  public static final List<Check> ALL =
      List.of(
          new ServiceExposedOutsideCluster(),
          new IngressWithoutTls(),
          new ServiceExternalIpsSet(),
          new LatestImageTag(),
          new ImageNotPinnedByDigest(),
          new ImageFromUntrustedRegistry(),
          new ImagePullPolicyNotAlways(),
          new RuntimeSocketMounted(),
          new SensitiveHostPathMounted(),
          new ProcessNamespaceShared(),
          new CriticalCapabilityAdded(),
          new DangerousCapabilityAdded(),
          new RiskyCapabilityAdded(),
          new ResourceLimitsMissing(),
          new ResourceRequestsMissing(),
          new RootFilesystemWritable(),
          new RootUserOrGroupRequested(),
          new DefaultServiceAccountUsed(),
          new DefaultNamespaceUsed(),
          new ServiceAccountTokenAutomounted(),
          new CredentialInEnvironment(),
          new SecretInEnvironment(),
          new SecretDataCommitted(),
          new CredentialInConfigMap());
}
