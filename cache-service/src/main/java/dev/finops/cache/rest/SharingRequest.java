package dev.finops.cache.rest;

import java.util.List;

/** {@code ownerTeam}'s entries of the namespace become readable by {@code teams}, or by every team ({@code allTeams}). */
public record SharingRequest(String ownerTeam, List<String> teams, Boolean allTeams) {
}
