"""Typical mistakes in notebook 05 (convolutional DQN from pixels), each a mutant of the reference."""

import functools

from autograder.mutants import Mutant, edit

PP, PPH = "05.preprocess_frame", "05.preprocess_frame.hidden"
PF, PFH = "05.push_frame", "05.push_frame.hidden"
CO, COH = "05.conv_output_size", "05.conv_output_size.hidden"
CQ, CQL, CQH = "05.ConvQNetwork", "05.ConvQNetwork.learns", "05.ConvQNetwork.hidden"
SA, SAH = "05.saliency", "05.saliency.hidden"
PX = "05.pixel_agent"  # the whole agent on MovingDot

_edit = functools.partial(edit, notebook="05_conv_dqn")

_HW = "h, w = (bottom - top) // factor, (right - left) // factor"
_CROP = "rgb = frame[top:top + h * factor, left:left + w * factor]"
_GRAY = "[0.299, 0.587, 0.114]"
_SCALE = "/ (255 * factor * factor)"
_INK = "1.0 - rows.reshape(h, w, factor * 3) @ weights"
_PUSH = "[stack[1:], frame[None].astype(stack.dtype)]"
_CONV = "(size + 2 * padding - kernel) // stride + 1"


MUTANTS = (
    # ---------------------------------------------------------------- preprocess_frame
    _edit("forgets to crop", "preprocess_frame",
          {_HW: "h, w = frame.shape[0] // factor, frame.shape[1] // factor",
           _CROP: "rgb = frame[:h * factor, :w * factor]"}, (PP, PPH)),
    _edit("crops rows only, not columns", "preprocess_frame",
          {_HW: "h, w = (bottom - top) // factor, frame.shape[1] // factor",
           _CROP: "rgb = frame[top:top + h * factor, :w * factor]"}, (PPH,)),
    _edit("grayscale as the mean of the channels", "preprocess_frame",
          {_GRAY: "[1 / 3, 1 / 3, 1 / 3]"}, (PP, PPH)),
    _edit("brightness instead of ink (white = 1)", "preprocess_frame",
          {_INK: "rows.reshape(h, w, factor * 3) @ weights"}, (PP, PPH)),
    _edit("no scaling: values 0..255", "preprocess_frame",
          {_SCALE: "/ (factor * factor)", _INK: "255.0 - rows.reshape(h, w, factor * 3) @ weights"},
          (PP, PPH)),
    Mutant("downsamples by striding (keeps every factor-th pixel)", "preprocess_frame", '''
def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    rgb = frame[top:bottom, left:right].astype(np.float32)
    ink = 1.0 - rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32) / 255.0
    h, w = ink.shape[0] // factor, ink.shape[1] // factor
    return ink[::factor, ::factor][:h, :w].astype(np.float32)
''', (PP, PPH)),
    _edit("returns float64", "preprocess_frame",
          {"dtype=np.float32) " + _SCALE: "dtype=np.float64) " + _SCALE}, (PP, PPH)),
    _edit("fast order: adds the block's bytes as uint8 (overflows)", "preprocess_frame",
          {"sum(axis=1, dtype=np.uint16)": "sum(axis=1, dtype=np.uint8)"}, (PP, PPH)),
    _edit("fast order: divides the block sum by 255 * factor, not 255 * factor**2",
          "preprocess_frame", {_SCALE: "/ (255 * factor)"}, (PP, PPH)),
    _edit("writes into the input frame", "preprocess_frame",
          {"    top, bottom, left, right = crop\n":
           "    top, bottom, left, right = crop\n    frame[:top] = 255\n"}, (PP, PPH)),
    # ---------------------------------------------------------------- push_frame
    _edit("new frame in front (newest first)", "push_frame",
          {_PUSH: "[frame[None].astype(stack.dtype), stack[:-1]]"}, (PF, PFH)),
    Mutant("shifts the stack in place", "push_frame", '''
def push_frame(stack, frame):
    stack[:-1] = stack[1:].copy()
    stack[-1] = frame
    return stack
''', (PF, PFH)),
    _edit("appends without dropping the oldest", "push_frame",
          {_PUSH: "[stack, frame[None].astype(stack.dtype)]"}, (PF, PFH, PX)),
    _edit("the new frame never enters (keeps the old frames)", "push_frame",
          {_PUSH: "[stack[1:], stack[-1:]]"}, (PF, PFH, PX)),
    _edit("converts to float", "push_frame",
          {_PUSH: "[stack[1:], frame[None].astype(np.float32)]"}, (PF, PFH)),
    # ---------------------------------------------------------------- conv_output_size
    _edit("true division (a float)", "conv_output_size",
          {_CONV: "(size + 2 * padding - kernel) / stride + 1"}, (CO, COH)),
    _edit("forgets the + 1", "conv_output_size",
          {_CONV: "(size + 2 * padding - kernel) // stride"}, (CO, COH)),
    _edit("ignores padding", "conv_output_size", {_CONV: "(size - kernel) // stride + 1"},
          (CO, COH)),
    _edit("size // stride", "conv_output_size", {_CONV: "size // stride"}, (CO, COH)),
    # ---------------------------------------------------------------- ConvQNetwork
    _edit("hard-coded flattened size 1248", "ConvQNetwork",
          {"layers, size = [], in_channels * h * w": "layers, size = [], 1248"},
          (CQ, CQL, CQH, PX)),
    _edit("no scaling by 1/255", "ConvQNetwork",
          {"torch.float32) / 255.0": "torch.float32)"}, (CQ, CQH)),
    _edit("ReLU on the output layer", "ConvQNetwork",
          {"layers.append(nn.Linear(size, n_actions))\n":
           "layers.append(nn.Linear(size, n_actions))\n        layers.append(nn.ReLU())\n"},
          (CQ, CQH)),
    _edit("flattens the batch away (x.flatten())", "ConvQNetwork",
          {"self.convs(x).flatten(1)": "self.convs(x).flatten()"}, (CQ, CQL, CQH, PX)),
    Mutant("always two conv layers (ignores the lists)", "ConvQNetwork", '''
class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        self.convs = nn.Sequential(nn.Conv2d(c, 16, 5, 2), nn.ReLU(), nn.Conv2d(16, 32, 3, 2), nn.ReLU())
        h = conv_output_size(conv_output_size(h, 5, 2), 3, 2)
        w = conv_output_size(conv_output_size(w, 5, 2), 3, 2)
        layers, size = [], 32 * h * w
        for width in hidden:
            layers += [nn.Linear(size, width), nn.ReLU()]
            size = width
        layers.append(nn.Linear(size, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255.0
        return self.head(self.convs(x).flatten(1))
''', (CQ, CQH, PX)),
    _edit("no ReLU between the layers", "ConvQNetwork",
          {"convs += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]":
           "convs += [nn.Conv2d(in_channels, out_channels, kernel, stride)]",
           "layers += [nn.Linear(size, width), nn.ReLU()]": "layers += [nn.Linear(size, width)]"},
          (CQ, CQH)),
    # ---------------------------------------------------------------- saliency
    _edit("gradient of action 0's Q, not the greedy one", "saliency",
          {"q_max = q_net(x).max()": "q_max = q_net(x)[0, 0]"}, (SA, SAH)),
    _edit("no absolute value", "saliency", {"grad[0].abs()": "grad[0]"}, (SA, SAH)),
    _edit("backward() leaves gradients in the network", "saliency",
          {"    (grad,) = torch.autograd.grad(q_max, x)\n": "    q_max.backward()\n    grad = x.grad\n"},
          (SA, SAH)),
    _edit("keeps the batch dimension", "saliency", {"grad[0].abs()": "grad.abs()"}, (SA, SAH)),
)
