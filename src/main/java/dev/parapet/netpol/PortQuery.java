package dev.parapet.netpol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port asked about, as a user writes it: {@code 8080} (TCP, the API's default protocol), {@code
 * 8080/TCP}, {@code 53/UDP}, or the name of a container port of the destination ({@code http},
 * {@code dns/UDP}), resolved as the API resolves a named port in a policy: against the destination
 * pod's container ports.
 *
 * @param name the port name when one was given
 * @param ports the protocol and port number asked about (one port)
 */
public record PortQuery(String text, Optional<String> name, PortSet ports) {
  private static final Pattern NUMBER = Pattern.compile("(\\d+)(?:/([A-Za-z]+))?");
  private static final Pattern NAME =
      Pattern.compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?)(?:/([A-Za-z]+))?");

  /**
   * Reads {@code text} for connections to {@code dst}.
   *
   * @throws IllegalArgumentException when it is not a port, a number out of range, an unknown
   *     protocol, or a name the destination has no container port for
   */
  public static PortQuery parse(String text, Peer dst) {
    String t = text.strip();
    Matcher n = NUMBER.matcher(t);
    if (n.matches()) {
      PortSet.Protocol protocol = protocol(text, n.group(2));
      int port;
      try {
        port = Integer.parseInt(n.group(1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < PortSet.MIN_PORT || port > PortSet.MAX_PORT) {
        throw new IllegalArgumentException(text + ": expected a port number from 1 to 65535");
      }
      return new PortQuery(t, Optional.empty(), PortSet.of(protocol, port, port));
    }
    Matcher m = NAME.matcher(t);
    // a port name (IANA_SVC_NAME) has at least one letter, so 80-90 is not one
    if (!m.matches() || !m.group(1).matches(".*[a-z].*")) {
      throw new IllegalArgumentException(
          text
              + ": expected a port as 8080, 8080/TCP, 53/UDP or a container port name such as"
              + " http");
    }
    String name = m.group(1);
    Optional<PortSet.Protocol> protocol =
        m.group(3) == null ? Optional.empty() : Optional.of(protocol(text, m.group(3)));
    if (!(dst instanceof PodGroup g)) {
      throw new IllegalArgumentException(
          text
              + ": a port name is resolved against the destination's container ports, and "
              + dst.display()
              + " is outside the cluster; give a number");
    }
    List<PodGroup.NamedPort> found =
        g.namedPorts().stream()
            .filter(p -> p.name().equals(name))
            .filter(p -> protocol.isEmpty() || p.protocol() == protocol.get())
            .toList();
    if (found.isEmpty()) {
      List<String> names =
          g.namedPorts().stream()
              .map(p -> p.name() + " (" + p.protocol() + " " + p.port() + ")")
              .sorted()
              .toList();
      throw new IllegalArgumentException(
          text
              + ": "
              + g.display()
              + " has no container port named "
              + name
              + protocol.map(p -> " for " + p).orElse("")
              + (names.isEmpty()
                  ? " (it names none)"
                  : "; its named ports: " + String.join(", ", names)));
    }
    PortSet ports = PortSet.NONE;
    for (PodGroup.NamedPort p : found) {
      ports = ports.union(PortSet.of(p.protocol(), p.port(), p.port()));
    }
    return new PortQuery(t, Optional.of(name), ports);
  }

  private static PortSet.Protocol protocol(String text, String written) {
    if (written == null) {
      return PortSet.Protocol.TCP;
    }
    try {
      return PortSet.Protocol.valueOf(written.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          text + ": unknown protocol " + written + " (expected TCP, UDP or SCTP)");
    }
  }
}
