package dev.parapet.netpol;

/** One end of a connection: a group of pods, or a range of addresses outside the cluster. */
public sealed interface Peer permits PodGroup, IpRange {
  /** How the connectivity list names the peer. */
  String display();
}
