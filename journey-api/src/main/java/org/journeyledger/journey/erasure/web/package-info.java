/**
 * HTTP: {@code POST /api/customers/{id}/erasure}. See {@code docs/api.md#erasure}.
 */
package org.journeyledger.journey.erasure.web;
