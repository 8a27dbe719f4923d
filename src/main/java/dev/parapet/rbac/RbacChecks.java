package dev.parapet.rbac;

import dev.parapet.check.Check;
import java.util.List;

/** Checks of RBAC least privilege, registered explicitly, in check-id order. */
public final class RbacChecks {
  private RbacChecks() {}

  public static final List<Check> ALL =
      List.of(
          new WildcardRuleInRole(),
          new ClusterAdminBound(),
          new SystemMastersBound(),
          new BroadGroupBound(),
          new SecretsReadable(),
          new PrivilegeEscalationVerb(),
          new PodCreationGranted(),
          new PodShellAccessGranted(),
          new KubeletOrTokenAccessGranted(),
          new PodOrNodeStatusWritable(),
          new CertificateSigningRequestsApprovable(),
          new AdmissionConfigurationWritable(),
          new NamespaceLabelsWritable(),
          new PersistentVolumesCreatable(),
          new ServiceStatusOrExternalIpsWritable(),
          new DefaultServiceAccountBound(),
          new WorkloadServiceAccountPrivileged(),
          new ClusterRoleBindingUnowned(),
          new RoleUnbound(),
          new ServiceAccountSubjectMissing(),
          new ClusterAdminReachable());
}
