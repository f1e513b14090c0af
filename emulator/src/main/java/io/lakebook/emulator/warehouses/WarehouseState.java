package io.lakebook.emulator.warehouses;

/** reference §6.7: the {@code state} enum of a SQL warehouse, spelled as on the wire. */
public enum WarehouseState { STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED }
