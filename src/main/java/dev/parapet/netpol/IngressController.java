package dev.parapet.netpol;

import java.util.List;
import java.util.Map;

/**
 * The cluster's ingress controller, the source of traffic that enters through an Ingress. Which
 * pods run it is not in the manifests, so it is modelled as netpol-analyzer models it: one pod
 * without labels in a namespace of its own ({@code ingress-controller-ns}, labelled only with its
 * name), selected by no policy. A destination's ingress rules admit it only through a rule that
 * admits every source, or a namespace selector that matches that namespace ({@code {}}, or
 * expressions such as NotIn); a rule naming the real controller's namespace does not, so traffic it
 * admits is reported as restricted rather than guessed at.
 */
public record IngressController() implements Peer {
  /** The single instance. */
  public static final IngressController INSTANCE = new IngressController();

  /** The namespace the stand-in pod lives in, as netpol-analyzer names it. */
  public static final String NAMESPACE = "ingress-controller-ns";

  /**
   * The stand-in pod, for asking the connectivity engine what destinations admit from it; it is
   * never one of the engine's groups, so no policy selects it and its egress is open.
   */
  public static final PodGroup POD =
      new PodGroup(NAMESPACE, "ingress-controller", "Pod", Map.of(), List.of(), false);

  /** {@code {ingress-controller}}, as netpol-analyzer prints it. */
  @Override
  public String display() {
    return "{ingress-controller}";
  }
}
