package dev.finops.budget;

/** Who spends: the dimensions a budget's scope can name, as they come with a usage event or a check. */
public record Attribution(String team, String agent, String customer, String feature, String environment,
                          String model) {
}
