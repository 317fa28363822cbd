"""Typical mistakes in notebook 05 (convolutional DQN from pixels), each a mutant of the reference."""

from autograder.mutants import Mutant

PP, PPH = "05.preprocess_frame", "05.preprocess_frame.hidden"
PF, PFH = "05.push_frame", "05.push_frame.hidden"
CO, COH = "05.conv_output_size", "05.conv_output_size.hidden"
CQ, CQL, CQH = "05.ConvQNetwork", "05.ConvQNetwork.learns", "05.ConvQNetwork.hidden"
SA, SAH = "05.saliency", "05.saliency.hidden"
PX = "05.pixel_agent"  # the whole agent on MovingDot

_PREPROCESS = '''
def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    rgb = CROPPED.astype(np.float32)
    gray = GRAY
    ink = INK
    h, w = ink.shape[0] // factor, ink.shape[1] // factor
    DOWNSAMPLE
'''

_PP = {"CROPPED": "frame[top:bottom, left:right]",
       "GRAY": "rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)",
       "INK": "1.0 - gray / 255.0",
       "DOWNSAMPLE": "return ink[:h * factor, :w * factor].reshape(h, factor, w, factor)"
                     ".mean(axis=(1, 3)).astype(np.float32)"}


def _preprocess(**changes):
    source = _PREPROCESS
    for key, value in {**_PP, **changes}.items():
        source = source.replace(key, value)
    return source


# The fast order the notebook suggests (and the reference uses): add up each block's bytes as
# integers first, then gray and ink on the block sums.
_FAST = '''
def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    rgb = frame[top:top + h * factor, left:left + w * factor]
    rows = rgb.reshape(h, factor, w * factor * 3).sum(axis=1, dtype=SUM_DTYPE)
    weights = np.array([0.299, 0.587, 0.114] * factor, dtype=np.float32) / (SCALE)
    return 1.0 - rows.reshape(h, w, factor * 3) @ weights
'''


def _fast(sum_dtype="np.uint16", scale="255 * factor * factor"):
    return _FAST.replace("SUM_DTYPE", sum_dtype).replace("SCALE", scale)


_NET = '''
class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, h, w = obs_shape
        convs = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            convs += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            in_channels = out_channels
            h, w = conv_output_size(h, kernel, stride), conv_output_size(w, kernel, stride)
        self.convs = nn.Sequential(*convs)
        layers, size = [], N_FLAT
        for width in hidden:
            layers += [nn.Linear(size, width), nn.ReLU()]
            size = width
        layers.append(nn.Linear(size, n_actions))
        OUTPUT_ACTIVATION
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = SCALE
        return self.head(FLATTEN)
'''

_NET_PARTS = {"N_FLAT": "in_channels * h * w", "OUTPUT_ACTIVATION": "",
              "SCALE": "x.to(next(self.parameters()).device, torch.float32) / 255.0",
              "FLATTEN": "self.convs(x).flatten(1)"}


def _net(**changes):
    source = _NET
    for key, value in {**_NET_PARTS, **changes}.items():
        source = source.replace(key, value)
    return source


MUTANTS = (
    # ---------------------------------------------------------------- preprocess_frame
    Mutant("forgets to crop", "preprocess_frame", _preprocess(CROPPED="frame"), (PP,)),
    Mutant("crops rows only, not columns", "preprocess_frame",
           _preprocess(CROPPED="frame[top:bottom]"), (PPH,)),
    Mutant("grayscale as the mean of the channels", "preprocess_frame",
           _preprocess(GRAY="rgb.mean(axis=2)"), (PP, PPH)),
    Mutant("brightness instead of ink (white = 1)", "preprocess_frame",
           _preprocess(INK="gray / 255.0"), (PP,)),
    Mutant("no scaling: values 0..255", "preprocess_frame", _preprocess(INK="255.0 - gray"), (PP,)),
    Mutant("downsamples by striding (keeps every factor-th pixel)", "preprocess_frame",
           _preprocess(DOWNSAMPLE="return ink[::factor, ::factor][:h, :w].astype(np.float32)"), (PP,)),
    Mutant("returns float64", "preprocess_frame",
           _preprocess(DOWNSAMPLE="return ink[:h * factor, :w * factor].reshape(h, factor, w, factor)"
                                  ".mean(axis=(1, 3)).astype(np.float64)"), (PP, PPH)),
    Mutant("fast order: adds the block's bytes as uint8 (overflows)", "preprocess_frame",
           _fast(sum_dtype="np.uint8"), (PP,)),
    Mutant("fast order: divides the block sum by 255 * factor, not 255 * factor**2",
           "preprocess_frame", _fast(scale="255 * factor"), (PP,)),
    Mutant("writes into the input frame", "preprocess_frame", '''
def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    frame[...] = frame[...] // 1
    frame[:top] = 255
    rgb = frame[top:bottom, left:right].astype(np.float32)
    gray = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    ink = 1.0 - gray / 255.0
    h, w = ink.shape[0] // factor, ink.shape[1] // factor
    return ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3)).astype(np.float32)
''', (PP,)),
    # ---------------------------------------------------------------- push_frame
    Mutant("new frame in front (newest first)", "push_frame", '''
def push_frame(stack, frame):
    return np.concatenate([frame[None], stack[:-1]], axis=0)
''', (PF,)),
    Mutant("shifts the stack in place", "push_frame", '''
def push_frame(stack, frame):
    stack[:-1] = stack[1:].copy()
    stack[-1] = frame
    return stack
''', (PF,)),
    Mutant("appends without dropping the oldest", "push_frame", '''
def push_frame(stack, frame):
    return np.concatenate([stack, frame[None]], axis=0)
''', (PF, PFH, PX)),
    Mutant("the new frame never enters (keeps the old frames)", "push_frame", '''
def push_frame(stack, frame):
    return np.concatenate([stack[1:], stack[-1:]], axis=0)
''', (PF, PFH, PX)),
    Mutant("converts to float", "push_frame", '''
def push_frame(stack, frame):
    return np.concatenate([stack[1:], frame[None]], axis=0).astype(np.float32)
''', (PF,)),
    # ---------------------------------------------------------------- conv_output_size
    Mutant("true division (a float)", "conv_output_size", '''
def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) / stride + 1
''', (CO,)),
    Mutant("forgets the + 1", "conv_output_size", '''
def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride
''', (CO, COH)),
    Mutant("ignores padding", "conv_output_size", '''
def conv_output_size(size, kernel, stride, padding=0):
    return (size - kernel) // stride + 1
''', (CO, COH)),
    Mutant("size // stride", "conv_output_size", '''
def conv_output_size(size, kernel, stride, padding=0):
    return size // stride
''', (CO, COH)),
    # ---------------------------------------------------------------- ConvQNetwork
    Mutant("hard-coded flattened size 1248", "ConvQNetwork", _net(N_FLAT="1248"),
           (CQ, CQL, CQH, PX)),
    Mutant("no scaling by 1/255", "ConvQNetwork",
           _net(SCALE="x.to(next(self.parameters()).device, torch.float32)"), (CQ, CQH)),
    Mutant("ReLU on the output layer", "ConvQNetwork",
           _net(OUTPUT_ACTIVATION="layers.append(nn.ReLU())"), (CQ,)),
    Mutant("flattens the batch away (x.flatten())", "ConvQNetwork",
           _net(FLATTEN="self.convs(x).flatten()"), (CQ, CQL, CQH, PX)),
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
    Mutant("no ReLU between the layers", "ConvQNetwork", '''
class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, h, w = obs_shape
        convs = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            convs.append(nn.Conv2d(in_channels, out_channels, kernel, stride))
            in_channels = out_channels
            h, w = conv_output_size(h, kernel, stride), conv_output_size(w, kernel, stride)
        self.convs = nn.Sequential(*convs)
        sizes = [in_channels * h * w, *hidden, n_actions]
        self.head = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255.0
        return self.head(self.convs(x).flatten(1))
''', (CQ,)),
    # ---------------------------------------------------------------- saliency
    Mutant("gradient of action 0's Q, not the greedy one", "saliency", '''
def saliency(q_net, obs):
    x = torch.as_tensor(np.asarray(obs), dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    (grad,) = torch.autograd.grad(q_net(x)[0, 0], x)
    return grad[0].abs().numpy().astype(np.float32)
''', (SA, SAH)),
    Mutant("no absolute value", "saliency", '''
def saliency(q_net, obs):
    x = torch.as_tensor(np.asarray(obs), dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad[0].numpy().astype(np.float32)
''', (SA,)),
    Mutant("backward() leaves gradients in the network", "saliency", '''
def saliency(q_net, obs):
    x = torch.as_tensor(np.asarray(obs), dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q_net(x).max().backward()
    return x.grad[0].abs().numpy().astype(np.float32)
''', (SA,)),
    Mutant("keeps the batch dimension", "saliency", '''
def saliency(q_net, obs):
    x = torch.as_tensor(np.asarray(obs), dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad.abs().numpy().astype(np.float32)
''', (SA,)),
)
