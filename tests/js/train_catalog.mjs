// A part of the server's catalog (GET /api/v1/catalog) for the training page's pure modules.
export const catalog = {
  optimizers: [{ key: "sgd", params: [] }, { key: "adam", params: [] }],
  schedules: [
    { key: "constant", params: [] },
    { key: "step", params: [{ name: "step_size", integer: true }, { name: "gamma", integer: false }] },
    { key: "range_test", params: [{ name: "lr_max", integer: false }, { name: "t_max", integer: true }] },
    { key: "warm", params: [{ name: "warm_steps", integer: true }] },
  ],
  datasets: [
    { key: "moons", kind: "points2d", n: 500, features: 2, classes: 2,
      defaults: { n: 500, noise: 0.2, validation_fraction: 0.2, test_fraction: 0.2 },
      suggested: { hidden: [16, 16], activation: "relu", init: "he", optimizer: "sgd", lr: 0.1, batch_size: 32, epochs: 200 } },
    { key: "digits", kind: "image", n: 1797, features: 64, classes: 10,
      defaults: { n: 1797, validation_fraction: 0.2, test_fraction: 0.2 },
      suggested: { hidden: [32], activation: "relu", init: "he", optimizer: "sgd", lr: 0.3, batch_size: 32, epochs: 50 } },
    { key: "linreg", kind: "regression", n: 100, features: 1, classes: 0,
      defaults: { n: 100, noise: 0.5, validation_fraction: 0, test_fraction: 0 },
      suggested: { hidden: [], loss: "mse", optimizer: "sgd", lr: 0.1, batch_size: 100, epochs: 50 } },
  ],
  training: { activations: ["sigmoid", "tanh", "relu"], losses: ["cross_entropy", "mse"], inits: ["normal", "xavier", "he"],
    sampling: ["shuffle", "with_replacement"], gradient_modes: ["backprop", "numerical"], max_batch_size: 100000 },
};
