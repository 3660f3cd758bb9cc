package io.hutong.catalog.access;

/** Where an access request stands. Only a pending request can still be decided or withdrawn. */
public enum RequestStatus {
  PENDING,
  APPROVED,
  REJECTED,
  WITHDRAWN
}
