package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Approving a CertificateSigningRequest for the signer kubernetes.io/kube-apiserver-client gets the
 * requester a client certificate for whatever user and groups it asked for, system:masters
 * included. Approval takes update (or patch) on certificatesigningrequests/approval and, checked by
 * the API server's admission, approve on the signer (resource signers); issuing takes update on
 * certificatesigningrequests/status and sign on the signer. Triggers on each rule in
 * certificates.k8s.io granted through a ClusterRoleBinding (both resources are cluster-scoped)
 * whose name does not start with {@code system:} that allows any of these halves, since the other
 * half may come from another rule. Rules that allow every verb on every resource are left to
 * RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-011",
    title = "Certificate signing requests approvable",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.11"},
    mitre = {"T1649"},
    description =
        "A CertificateSigningRequest names a signer; once approved, the signer issues the"
            + " certificate. kube-controller-manager signs for kubernetes.io/kube-apiserver-client"
            + " without restricting the subject, so approving a request for that signer with"
            + " organisation system:masters yields a client certificate that is cluster-admin"
            + " until it expires and cannot be revoked; kubernetes.io/kube-apiserver-client-kubelet"
            + " yields node identities. Approving takes two permissions: update or patch on"
            + " certificatesigningrequests/approval, and approve on the synthetic resource signers"
            + " in certificates.k8s.io, which the API server's approval admission checks with the"
            + " signer's name as resource name, then again with the signer's domain followed by /*"
            + " (so resourceNames [example.com/*] covers every signer of example.com, and no"
            + " resourceNames covers every signer; a resource name without a / names no signer,"
            + " since RBAC compares names literally, so [*] grants none). Issuing takes update or"
            + " patch on certificatesigningrequests/status and sign on the signer: the signer"
            + " controller's own permission, which with its key decides which certificates exist."
            + " Triggered by a rule in certificates.k8s.io allowing update or patch on"
            + " certificatesigningrequests/approval or on certificatesigningrequests/status, or"
            + " approve or sign on signers for at least one signer, each written out or through *"
            + " (or */approval, */status), granted through a ClusterRoleBinding (both are"
            + " cluster-scoped, so a RoleBinding grants neither) whose name does not start with"
            + " system:. Each half is reported on its own, because the other half may come from"
            + " another rule or role of the same subject. The finding points at the rule and lists"
            + " every binding that grants it; rules granting every verb on every resource are"
            + " reported by RBAC-001 and RBAC-002 instead.",
    remediation =
        "Keep approval of kubernetes.io signers with the control plane (kubelet client"
            + " certificates are approved by kube-controller-manager); a custom approver should"
            + " hold approve only on its own signer by resourceNames, never on kubernetes.io/*"
            + " or on every signer, and nobody should approve kubernetes.io/kube-apiserver-client"
            + " requests without reviewing the subject.")
public final class CertificateSigningRequestsApprovable extends GrantedRuleCheck {
  private static final String GROUP = "certificates.k8s.io";
  private static final List<String> WRITE = List.of("update", "patch");

  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    if (!binding.isClusterRoleBinding()) {
      return out;
    }
    List<String> approval =
        RbacFacts.verbsOn(r, WRITE, GROUP, "certificatesigningrequests", "approval");
    if (!approval.isEmpty()) {
      out.add(String.join(", ", approval) + " on certificatesigningrequests/approval");
    }
    signers(r, "approve").ifPresent(out::add);
    List<String> status =
        RbacFacts.verbsOn(r, WRITE, GROUP, "certificatesigningrequests", "status");
    if (!status.isEmpty()) {
      out.add(String.join(", ", status) + " on certificatesigningrequests/status");
    }
    signers(r, "sign").ifPresent(out::add);
    return out;
  }

  /**
   * {@code approve on every signer} or {@code approve on signers} (the names follow in the message)
   * when the rule allows the verb for at least one signer.
   */
  private static Optional<String> signers(PolicyRule r, String verb) {
    if (!PolicyRule.verbMatches(r.verbs(), verb)
        || !PolicyRule.apiGroupMatches(r.apiGroups(), GROUP)
        || !PolicyRule.resourceMatches(r.resources(), "signers", "")) {
      return Optional.empty();
    }
    if (r.resourceNames().isEmpty()) {
      return Optional.of(
          verb
              + " on every signer"
              + (verb.equals("approve") ? " (kubernetes.io/kube-apiserver-client included)" : ""));
    }
    return r.resourceNames().stream().anyMatch(CertificateSigningRequestsApprovable::namesSigner)
        ? Optional.of(verb + " on signers")
        : Optional.empty();
  }

  /**
   * Whether a resource name can match what the admission plugins ask: a signer name {@code
   * domain/path}, or the domain wildcard {@code domain/*}. Both have exactly one slash with text on
   * either side.
   */
  static boolean namesSigner(String name) {
    int slash = name.indexOf('/');
    return slash > 0 && slash == name.lastIndexOf('/') && slash < name.length() - 1;
  }

  @Override
  String consequence() {
    return "its holders can approve or issue certificates for the signers it covers, and an"
        + " approved kubernetes.io/kube-apiserver-client request is a client certificate for any"
        + " user or group, system:masters included";
  }
}
