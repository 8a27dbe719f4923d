package dev.parapet.netpol;

import java.util.List;
import java.util.Optional;

/**
 * A connection to allow: from a workload or an external address block to a workload or an external
 * address block, on some ports. {@code ports} empty means every port of every protocol; {@code
 * origin} says where the flow came from (a line of a flows file, or the Service reference that
 * implies it) and is written next to the rules that serve it.
 */
public record Flow(Peer src, Peer dst, List<Port> ports, String origin) {
  /**
   * A port or range of one protocol, or a container port's name (resolved against the destination's
   * pods); a range of 1-65535 is every port of the protocol.
   */
  public record Port(PortSet.Protocol protocol, Optional<String> name, int from, int to) {
    public static Port number(PortSet.Protocol protocol, int from, int to) {
      return new Port(protocol, Optional.empty(), from, to);
    }

    public static Port named(PortSet.Protocol protocol, String name) {
      return new Port(protocol, Optional.of(name), 0, 0);
    }

    /** {@code 8080/TCP}, {@code 8000-8080/TCP}, {@code http/TCP} or {@code TCP} for every port. */
    @Override
    public String toString() {
      if (name.isPresent()) {
        return name.get() + "/" + protocol;
      }
      if (from == PortSet.MIN_PORT && to == PortSet.MAX_PORT) {
        return protocol.name();
      }
      return (from == to ? Integer.toString(from) : from + "-" + to) + "/" + protocol;
    }
  }

  public Flow {
    ports = List.copyOf(ports);
  }

  /**
   * The ports this flow allows towards its destination, with names resolved against the
   * destination's container ports; a name the destination lacks resolves to nothing.
   */
  public PortSet portSet() {
    if (ports.isEmpty()) {
      return PortSet.ALL;
    }
    PortSet out = PortSet.NONE;
    for (Port p : ports) {
      if (p.name().isEmpty()) {
        out = out.union(PortSet.of(p.protocol(), p.from(), p.to()));
      } else if (dst instanceof PodGroup g) {
        for (PodGroup.NamedPort np : g.namedPorts()) {
          if (np.name().equals(p.name().get()) && np.protocol() == p.protocol()) {
            out = out.union(PortSet.of(np.protocol(), np.port(), np.port()));
          }
        }
      }
    }
    return out;
  }

  /** {@code src -> dst ports}, as comments and messages name the flow. */
  public String describe() {
    StringBuilder sb = new StringBuilder(src.display()).append(" -> ").append(dst.display());
    sb.append(' ');
    if (ports.isEmpty()) {
      sb.append("all ports");
    } else {
      sb.append(String.join(",", ports.stream().map(Port::toString).toList()));
    }
    return sb.toString();
  }
}
