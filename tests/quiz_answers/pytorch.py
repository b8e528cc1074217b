"""Answers to the self-check quizzes of chapter 10 (PyTorch)."""

import math

ANSWERS = {
    # from_numpy keeps float64, nn.Linear's weight is float32: the product refuses to mix them.
    "10-dtype": "c",
    # zero_grad once before the loop: the 4th backward adds into what the first three left.
    "10-accumulate": "b",
    # history.append(loss) keeps every step's graph alive; loss.item() is a float.
    "10-keeps": "b",
    # nn.Linear(3, 8) and nn.Linear(8, 4): weights out·in plus one bias per output.
    "10-params": float((8 * 3 + 8) + (4 * 8 + 4)),
    # equal logits: softmax gives 1/C to each class, the loss is −log(1/C) = ln C, C = 10.
    "10-ln-c": math.log(10),
}

# 10-params' wrong values: the weights alone, the units, and the sizes multiplied.
assert (3 * 8 + 8 * 4, 3 + 8 + 4, 3 * 8 * 4) == (56, 15, 96)
# 10-ln-c's wrong values: the probability 1/10, log10(10) = 1, and ln 2 for two classes.
assert round(math.log(2), 3) == 0.693 and math.log10(10) == 1.0

# The graded quiz of chapter 10: its keys are hashed in the notebook's hidden tests.
GRADED = {
    "10-quiz-q1": 10.0,  # nn.Linear(64, 10).weight has shape (out, in) = (10, 64)
    "10-quiz-q2": "c",   # eval() changes layers, no_grad stops recording: both
    "10-quiz-q3": "a",   # one logit: BCEWithLogitsLoss with float targets of its shape
    "10-quiz-q4": "b",   # the loader's own generator: the same sequence of epoch orders
}
# q1's wrong values: in_features, the weights 64·10 and weights plus biases.
assert (64 * 10, 64 * 10 + 10) == (640, 650)
