package dev.parapet.check;

/**
 * A check: a stateless, pure function of the inventory that reports through a {@link Sink}. Its
 * metadata is declared with {@link CheckInfo} on the class.
 */
public sealed interface Check permits ObjectCheck, InventoryCheck {
  default CheckMeta meta() {
    return CheckMeta.of(getClass());
  }
}
