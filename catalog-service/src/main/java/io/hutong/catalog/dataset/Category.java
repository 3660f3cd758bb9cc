package io.hutong.catalog.dataset;

/** Category of a government information resource: base, thematic or departmental. */
public enum Category {
  BASE,
  THEMATIC,
  DEPARTMENTAL
}
