package dev.parapet.check;

import dev.parapet.model.K8sObject;

/** A check of one object at a time; the runner isolates failures per (check, object). */
public non-sealed interface ObjectCheck extends Check {
  void check(K8sObject object, CheckContext context, Sink sink);
}
