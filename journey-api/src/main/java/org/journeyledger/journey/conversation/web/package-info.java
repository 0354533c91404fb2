/**
 * HTTP resume of a conversation, for the mobile app and every other channel.
 */
package org.journeyledger.journey.conversation.web;
