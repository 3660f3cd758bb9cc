package io.hutong.catalog.standards;

import io.hutong.schemas.standards.FieldStandard;

/**
 * A field standard attached to one top-level field of one schema version of a dataset: the unit the
 * catalogue stores, shows and publishes. The standard itself is the shared contract type, so the
 * catalogue and the exchange read its parameters the same way.
 */
public record AttachedStandard(int schemaVersion, String field, FieldStandard standard) {}
