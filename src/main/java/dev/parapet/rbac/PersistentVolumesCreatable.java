package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.List;

/**
 * A PersistentVolume may be a hostPath or local volume, and a pod that mounts a claim bound to it
 * gets that directory of the node, {@code /} included, while Pod Security admission sees only a
 * persistentVolumeClaim volume, which every level allows. Triggers on each rule allowing create on
 * persistentvolumes (core group, written out or through {@code *}, without resourceNames, which
 * never allow create) granted through a ClusterRoleBinding (PersistentVolumes are cluster-scoped)
 * whose name does not start with {@code system:}. Rules that allow every verb on every resource are
 * left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-014",
    title = "PersistentVolumes creatable",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.9"},
    mitre = {"T1611"},
    description =
        "A PersistentVolume says where its storage is, and that may be a hostPath or local"
            + " directory of a node, / included. Whoever creates one and a PersistentVolumeClaim"
            + " that binds to it (or leaves it for a pending claim of the same size and class) gets"
            + " the node's file system into any pod that mounts the claim: its kubelet"
            + " credentials, the container runtime's socket, other pods' volumes. Pod Security"
            + " admission checks the pod, where the volume is only a persistentVolumeClaim, which"
            + " even the restricted level allows, so it does not stop this; nor do policies that"
            + " look for hostPath in pod specs. Storage provisioners create volumes themselves,"
            + " so people and applications rarely need this. Triggered by a rule in the core group"
            + " allowing create on persistentvolumes (written out or as *; a rule with"
            + " resourceNames never allows create) granted through a ClusterRoleBinding"
            + " (PersistentVolumes are cluster-scoped, so a RoleBinding grants nothing on them)"
            + " whose name does not start with system:. The finding points at the rule and lists"
            + " every binding that grants it; rules granting every verb on every resource are"
            + " reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Let a StorageClass and its provisioner create volumes from claims instead of granting"
            + " create on persistentvolumes; where volumes must be created by hand, keep it to"
            + " cluster administrators, and reject hostPath and local PersistentVolumes with an"
            + " admission policy.")
public final class PersistentVolumesCreatable extends GrantedRuleCheck {
  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    if (!binding.isClusterRoleBinding()
        || !r.allows(new ResourceRequest("create", "", "persistentvolumes", "", "", ""))) {
      return List.of();
    }
    return List.of("create on persistentvolumes (hostPath and local volumes included)");
  }

  @Override
  String consequence() {
    return "its holders can hand a node's file system to pods through a claim, which Pod"
        + " Security admission does not see";
  }
}
