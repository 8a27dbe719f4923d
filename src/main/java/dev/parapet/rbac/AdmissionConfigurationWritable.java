package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admission webhooks and admission policies are where a cluster enforces what RBAC cannot express;
 * whoever may write their configuration can switch that enforcement off, or register a mutating
 * webhook that receives, and may change, every object sent to the API server, Secrets included.
 * Triggers on each rule allowing create, update, patch, delete or deletecollection on
 * validatingwebhookconfigurations, mutatingwebhookconfigurations, validatingadmissionpolicies,
 * validatingadmissionpolicybindings, mutatingadmissionpolicies or mutatingadmissionpolicybindings
 * (admissionregistration.k8s.io), written out or through {@code *}, granted through a
 * ClusterRoleBinding (these resources are cluster-scoped) whose name does not start with {@code
 * system:}. Rules that allow every verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-012",
    title = "Admission configuration writable",
    severity = Severity.HIGH,
    stride = Stride.TAMPERING,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.12"},
    mitre = {"T1562.001"},
    description =
        "Validating webhooks and ValidatingAdmissionPolicies enforce what RBAC cannot express"
            + " (image policies, Pod Security beyond the built-in levels, naming and label rules);"
            + " mutating webhooks and MutatingAdmissionPolicies rewrite objects on their way in."
            + " Whoever may write these configurations can delete a webhook or policy, narrow its"
            + " rules, set it to ignore failures or point it at an address it controls, and so"
            + " switch the enforcement off without anyone's workload changing; or register a"
            + " mutating webhook whose rules match every resource and receive every object created"
            + " or updated, Secrets and service account tokens included, and change it (add a"
            + " container, a hostPath volume, an environment variable) before it is stored. create"
            + " counts as much as update: a new policy binding or webhook can also deny every"
            + " request. Triggered by a rule in admissionregistration.k8s.io allowing create,"
            + " update, patch, delete or deletecollection on validatingwebhookconfigurations,"
            + " mutatingwebhookconfigurations, validatingadmissionpolicies,"
            + " validatingadmissionpolicybindings, mutatingadmissionpolicies or"
            + " mutatingadmissionpolicybindings, the group and resource written out or as *,"
            + " granted through a ClusterRoleBinding (they are cluster-scoped, so a RoleBinding"
            + " grants nothing on them) whose name does not start with system:. The finding points"
            + " at the rule and lists every binding that grants it; resourceNames narrow update,"
            + " patch and delete to the named objects but do not clear them, and never allow create"
            + " or deletecollection; rules granting every verb on every resource are reported by"
            + " RBAC-001 and RBAC-002 instead.",
    remediation =
        "Let only cluster administrators and the deployment pipeline write admission"
            + " configuration; an operator that manages its own webhook (cert rotation) should"
            + " hold update and patch only on its configuration by resourceNames, not create or"
            + " delete on all of them.")
public final class AdmissionConfigurationWritable extends GrantedRuleCheck {
  private static final String GROUP = "admissionregistration.k8s.io";
  private static final List<String> WRITE =
      List.of("create", "update", "patch", "delete", "deletecollection");
  private static final List<String> RESOURCES =
      List.of(
          "validatingwebhookconfigurations",
          "mutatingwebhookconfigurations",
          "validatingadmissionpolicies",
          "validatingadmissionpolicybindings",
          "mutatingadmissionpolicies",
          "mutatingadmissionpolicybindings");

  /** {@code create, delete on mutatingwebhookconfigurations, ...}, resources grouped by verbs. */
  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    if (!binding.isClusterRoleBinding()) {
      return out;
    }
    Map<String, List<String>> byVerbs = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      List<String> verbs = RbacFacts.verbsOn(r, WRITE, GROUP, resource, "");
      if (!verbs.isEmpty()) {
        byVerbs.computeIfAbsent(String.join(", ", verbs), k -> new ArrayList<>()).add(resource);
      }
    }
    byVerbs.forEach((verbs, resources) -> out.add(verbs + " on " + String.join(", ", resources)));
    return out;
  }

  @Override
  String consequence() {
    return "its holders can switch admission checks off, or add a webhook that sees and changes"
        + " every object sent to the API server, Secrets included";
  }
}
