package dev.parapet.check;

/** A check that needs the whole inventory at once (namespaces, cross-object relations). */
public non-sealed interface InventoryCheck extends Check {
  void check(CheckContext context, Sink sink);
}
