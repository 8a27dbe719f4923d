package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A binding to a service account that does not exist waits for whoever creates an account of that
 * name: the grant goes to them. Triggers on each ServiceAccount subject of a binding when the input
 * holds ServiceAccounts of that namespace (so it lists them) but none of that name, unless the name
 * is {@code default}, which every namespace has.
 */
@CheckInfo(
    id = "RBAC-020",
    title = "Binding names a service account that does not exist",
    severity = Severity.MEDIUM,
    stride = Stride.SPOOFING,
    category = "rbac",
    mitre = {"T1078.004"},
    description =
        "RBAC binds names, not objects: a binding to system:serviceaccount:NS:NAME keeps its grant"
            + " when the account is deleted or was never created, and whoever may create service"
            + " accounts in NS (namespace admins, CI pipelines) gets the grant by creating one with"
            + " that name. Typos in subjects fail the same way, silently. Triggered by a"
            + " ServiceAccount subject when the input holds at least one ServiceAccount object of"
            + " that namespace and none with that name (when it holds none, the accounts evidently"
            + " live elsewhere and nothing is reported); default is never reported, as every"
            + " namespace has it.",
    remediation =
        "Remove the subject (or the binding) when the account is gone; fix the name when it is a"
            + " typo; otherwise create the ServiceAccount together with its binding.")
public final class ServiceAccountSubjectMissing implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    Set<String> namespaces = new HashSet<>();
    Set<String> accounts = new HashSet<>();
    for (K8sObject sa : context.inventory().ofKind("ServiceAccount")) {
      namespaces.add(sa.effectiveNamespace());
      accounts.add(sa.effectiveNamespace() + "/" + sa.name());
    }
    if (namespaces.isEmpty()) {
      return;
    }
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (K8sObject o : context.inventory().ofKind(kind)) {
        if (!o.group().equals("rbac.authorization.k8s.io")) {
          continue;
        }
        Binding b = Binding.of(o);
        for (int i = 0; i < b.subjects().size(); i++) {
          Subject s = b.subjects().get(i);
          String ns = b.serviceAccountNamespace(s);
          if (s.kind() != Subject.Kind.SERVICE_ACCOUNT
              || s.name().equals("default")
              || !namespaces.contains(ns)
              || accounts.contains(ns + "/" + s.name())) {
            continue;
          }
          sink.report(
              o,
              RbacFacts.subjectNode(b, i),
              RbacFacts.binding(b)
                  + " grants "
                  + RbacFacts.role(b)
                  + " to ServiceAccount "
                  + ns
                  + "/"
                  + s.name()
                  + ", which is not among the service accounts of namespace "
                  + ns
                  + " in the input: whoever creates it gets the grant");
        }
      }
    }
  }
}
