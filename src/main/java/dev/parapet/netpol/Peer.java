package dev.parapet.netpol;

/**
 * One end of a connection: a group of pods, a range of addresses outside the cluster, or the
 * ingress controller (traffic entering through an Ingress).
 */
public sealed interface Peer permits PodGroup, IpRange, IngressController {
  /** How the connectivity list names the peer. */
  String display();
}
