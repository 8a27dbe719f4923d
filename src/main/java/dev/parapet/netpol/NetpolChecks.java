package dev.parapet.netpol;

import dev.parapet.check.Check;
import java.util.List;

/** Every network policy check, registered explicitly, in check-id order. */
public final class NetpolChecks {
  private NetpolChecks() {}

  public static final List<Check> ALL = List.of(new ExposedWithoutIngressPolicy());
}
