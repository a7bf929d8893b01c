package dev.mfp.daemon.instance.slp;

import java.util.UUID;

/** A player of the Server List Ping sample; {@code uuid} is the zero UUID when the server sent none that parses. */
public record OnlinePlayer(String name, UUID uuid) {
}
