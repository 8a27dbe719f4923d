package dev.parapet.check;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;

/** A check of objects that carry a pod spec; other objects are skipped. */
public interface WorkloadCheck extends ObjectCheck {
  @Override
  default void check(K8sObject object, CheckContext context, Sink sink) {
    context.inventory().workload(object).ifPresent(w -> check(w, context, sink));
  }

  void check(Workload workload, CheckContext context, Sink sink);
}
