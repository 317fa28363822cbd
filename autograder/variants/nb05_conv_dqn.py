"""Correct answers in other styles for notebook 05, by a blind examiner (see the package)."""

from autograder.variants import Variant

VARIANTS = (
    Variant('straightforward: crop, float gray, ink, reshape-mean', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h = (bottom - top) // factor
    w = (right - left) // factor
    rgb = frame[top:top + h * factor, left:left + w * factor].astype(np.float32)
    gray = 0.299 * rgb[:, :, 0] + 0.587 * rgb[:, :, 1] + 0.114 * rgb[:, :, 2]
    ink = 1.0 - gray / 255.0
    small = ink.reshape(h, factor, w, factor).mean(axis=(1, 3))
    return small.astype(np.float32)
'''),
    Variant('fast: integer block sums first, gray and ink on the small sums', 'preprocess_frame', '''
GRAY_WEIGHTS = np.array([0.299, 0.587, 0.114])


def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    block = frame[top:top + h * factor, left:left + w * factor]
    blocks = block.reshape(h, factor, w, factor, 3)
    sums = blocks.sum(axis=1, dtype=np.uint32).sum(axis=2)  # (h, w, 3) integer block sums
    gray_mean = sums @ GRAY_WEIGHTS / (factor * factor)
    return (1.0 - gray_mean / 255.0).astype(np.float32)
'''),
    Variant('helper block_mean in its own cell, matmul with the weight vector for the grayscale', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    cropped = np.asarray(frame)[top:bottom, left:right]
    gray = cropped.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    ink = 1 - gray / 255
    return block_mean(ink, factor).astype(np.float32)
''', added='''
def block_mean(image, factor):
    """Average non-overlapping factor x factor blocks of a 2-D array (leftovers dropped)."""
    h, w = image.shape[0] // factor, image.shape[1] // factor
    image = image[:h * factor, :w * factor]
    return image.reshape(h, factor, w, factor).mean(axis=3).mean(axis=1)
'''),
    Variant('tensordot on the crop, then float64 sums, np.float32 at the end', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    nh = (bottom - top) // factor
    nw = (right - left) // factor
    part = frame[top:bottom, left:right][: nh * factor, : nw * factor]
    gray = np.tensordot(part, np.array([0.299, 0.587, 0.114]), axes=([2], [0]))
    blocks = gray.reshape(nh, factor, nw, factor)
    mean_gray = blocks.sum(axis=(1, 3)) / factor ** 2
    out = 1.0 - mean_gray / 255.0
    return np.asarray(out, dtype=np.float32)
'''),
    Variant('np.concatenate of stack[1:] and frame[None]', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    return np.concatenate([stack[1:], frame[np.newaxis]], axis=0).astype(stack.dtype, copy=False)
'''),
    Variant('np.empty_like, then fill both parts', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    new_stack = np.empty_like(stack)
    new_stack[:-1] = stack[1:]
    new_stack[-1] = frame
    return new_stack
'''),
    Variant('np.roll (returns a copy) then overwrite the last slot', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    rolled = np.roll(stack, shift=-1, axis=0)  # a new array: the oldest frame is now last
    rolled[-1] = frame
    return rolled
'''),
    Variant('copy then shift in place on the copy', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    out = stack.copy()
    for i in range(len(out) - 1):
        out[i] = stack[i + 1]
    out[-1] = frame
    return out
'''),
    Variant('np.stack of a list of frames, dtype kept explicitly', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    frames = [f for f in stack[1:]] + [np.asarray(frame)]
    return np.stack(frames, axis=0).astype(stack.dtype)
'''),
    Variant('loop building two nn.Sequentials (convs, head)', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_flat = channels[-1] * height * width
        layers = []
        n_in = n_flat
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        x = self.convs(x)
        return self.head(x.flatten(1))
'''),
    Variant('index loop over the layer tuples, math.floor size, self.fc head, reshape to flatten', 'ConvQNetwork', '''
import math


def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return int(math.floor((size + 2 * padding - kernel) / stride)) + 1


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        k, h, w = obs_shape
        conv_layers = []
        in_ch = k
        for i in range(len(channels)):
            conv_layers.append(nn.Conv2d(in_ch, channels[i], kernels[i], strides[i]))
            conv_layers.append(nn.ReLU())
            h = conv_output_size(h, kernels[i], strides[i])
            w = conv_output_size(w, kernels[i], strides[i])
            in_ch = channels[i]
        self.convs = nn.Sequential(*conv_layers)
        self.n_flat = channels[-1] * h * w
        sizes = [self.n_flat, *hidden]
        fc_layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            fc_layers.extend([nn.Linear(a, b), nn.ReLU()])
        fc_layers.append(nn.Linear(sizes[-1], n_actions))
        self.fc = nn.Sequential(*fc_layers)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        device = next(self.parameters()).device
        x = torch.as_tensor(x).to(device=device, dtype=torch.float32)
        x = x / 255.0
        features = self.convs(x)
        features = features.reshape(features.shape[0], -1)
        return self.fc(features)
'''),
    Variant('helper cell that builds the conv stack and returns its output shape; nn.Flatten in the head', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    numerator = size + 2 * padding - kernel
    return numerator // stride + 1


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        layers, (c, h, w) = make_conv_layers(obs_shape[0], obs_shape[1], obs_shape[2],
                                             channels, kernels, strides)
        self.convs = nn.Sequential(*layers)
        n_flat = c * h * w
        head = [nn.Flatten(start_dim=1)]
        for units in hidden:
            head += [nn.Linear(n_flat, units), nn.ReLU()]
            n_flat = units
        head += [nn.Linear(n_flat, n_actions)]
        self.head = nn.Sequential(*head)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        param = next(self.parameters())
        x = x.to(param.device, torch.float32).div(255)
        return self.head(self.convs(x))
''', added='''
def make_conv_layers(in_channels, height, width, channels, kernels, strides):
    """Conv2d + ReLU per layer, and the (channels, height, width) that comes out."""
    layers = []
    for out_channels, kernel, stride in zip(channels, kernels, strides):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=kernel, stride=stride))
        layers.append(nn.ReLU())
        in_channels = out_channels
        height = conv_output_size(height, kernel, stride)
        width = conv_output_size(width, kernel, stride)
    return layers, (in_channels, height, width)
'''),
    Variant('floor division formula', 'conv_output_size', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_flat = channels[-1] * height * width
        layers = []
        n_in = n_flat
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        x = self.convs(x)
        return self.head(x.flatten(1))
'''),
    Variant('math.floor of the true quotient, cast to int', 'conv_output_size', '''
import math


def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return int(math.floor((size + 2 * padding - kernel) / stride) + 1)


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_flat = channels[-1] * height * width
        layers = []
        n_in = n_flat
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        x = self.convs(x)
        return self.head(x.flatten(1))
'''),
    Variant('torch.tensor(..., requires_grad=True), autograd.grad of q.max()', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(np.asarray(obs)[None], dtype=torch.float32, requires_grad=True)
    q_values = q_net(x)
    (grad,) = torch.autograd.grad(q_values.max(), x)
    return grad.abs()[0].detach().cpu().numpy().astype(np.float32)
'''),
    Variant('enable_grad context, requires_grad_(), gather of the argmax action', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    with torch.enable_grad():
        x = torch.from_numpy(np.array(obs, dtype=np.float32)).unsqueeze(0).requires_grad_()
        q = q_net(x)
        best = q.argmax(dim=1, keepdim=True)
        q_best = q.gather(1, best).sum()
        grad = torch.autograd.grad(q_best, x)[0]
    return np.abs(grad.squeeze(0).cpu().numpy()).astype(np.float32)
'''),
    Variant('max over dim 1 then .sum(), torch.abs, reshape to obs.shape', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    obs_t = torch.as_tensor(obs, dtype=torch.float32).clone().reshape(1, *obs.shape)
    obs_t.requires_grad_(True)
    greedy_q = q_net(obs_t).max(dim=1).values.sum()
    grads = torch.autograd.grad(outputs=greedy_q, inputs=[obs_t])
    sal = torch.abs(grads[0]).reshape(obs.shape)
    return sal.detach().cpu().numpy().astype(np.float32)
'''),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Variant('uint16 block sums first, gray and ink on the small block sums', 'preprocess_frame', '''_GRAY_WEIGHTS = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    region = frame[top:top + h * factor, left:left + w * factor]
    sums = region.reshape(h, factor, w, factor, 3).sum(axis=(1, 3), dtype=np.uint16)
    gray = sums.astype(np.float32) @ _GRAY_WEIGHTS / (factor * factor)
    return (1.0 - gray / 255.0).astype(np.float32)
'''),
    Variant('float64 per-channel weighted sum, ink, then block mean over axes 1 and 3', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    rgb = np.asarray(frame[top:bottom, left:right], dtype=np.float64)
    gray = np.zeros(rgb.shape[:2])
    for channel, weight in enumerate((0.299, 0.587, 0.114)):
        gray += weight * rgb[:, :, channel]
    ink = 1.0 - gray / 255.0
    h = (bottom - top) // factor
    w = (right - left) // factor
    blocks = ink[: h * factor, : w * factor].reshape(h, factor, w, factor)
    return blocks.mean(axis=3).mean(axis=1).astype(np.float32)
'''),
    Variant('np.empty_like and slice assignment', 'push_frame', '''def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    new_stack = np.empty_like(stack)
    new_stack[:-1] = stack[1:]
    new_stack[-1] = frame
    return new_stack
'''),
    Variant('np.roll (which copies) and overwrite the last frame', 'push_frame', '''def push_frame(stack, frame):
    rolled = np.roll(stack, shift=-1, axis=0)
    rolled[-1] = frame
    return rolled
'''),
    Variant('math.floor formula; layers in ModuleLists turned into Sequentials; torch.flatten', 'ConvQNetwork', '''import math


def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return int(math.floor((size + 2 * padding - kernel) / stride)) + 1


class ConvQNetwork(nn.Module):
    """Convolutional Q-network: (B, k, h, w) observations with values 0..255 -> (B, n_actions)."""

    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        conv_layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            conv_layers.append(nn.Conv2d(in_channels, out_channels, kernel, stride))
            conv_layers.append(nn.ReLU())
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*conv_layers)
        n_flat = channels[-1] * height * width
        sizes = [n_flat, *hidden]
        fc_layers = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            fc_layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        fc_layers.append(nn.Linear(sizes[-1], n_actions))
        self.fc = nn.Sequential(*fc_layers)

    def forward(self, x):
        """Q-values (B, n_actions) of a batch x (B, k, h, w), uint8 or float, values 0..255."""
        device = next(self.parameters()).device
        x = x.to(device=device, dtype=torch.float32) / 255.0
        features = torch.flatten(self.convs(x), start_dim=1)
        return self.fc(features)
'''),
    Variant('shape helper in an added cell, OrderedDict-named Sequentials, div after to()', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return 1 + (size - kernel + 2 * padding) // stride


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        named = OrderedDict()
        in_ch = obs_shape[0]
        spatial = tuple(obs_shape[1:])
        for i, (out_ch, k, s) in enumerate(zip(channels, kernels, strides)):
            named[f"conv{i}"] = nn.Conv2d(in_ch, out_ch, kernel_size=k, stride=s)
            named[f"relu{i}"] = nn.ReLU()
            spatial = _next_spatial(spatial, k, s)
            in_ch = out_ch
        self.features = nn.Sequential(named)
        width = channels[-1] * spatial[0] * spatial[1]
        head = []
        for i, size in enumerate(hidden):
            head.append(nn.Linear(width, size))
            head.append(nn.ReLU())
            width = size
        head.append(nn.Linear(width, n_actions))
        self.head = nn.Sequential(*head)

    def forward(self, x):
        param = next(self.parameters())
        x = x.to(param.device, torch.float32).div(255)
        x = self.features(x)
        return self.head(x.flatten(1))
''', added='''from collections import OrderedDict


def _next_spatial(spatial, kernel, stride):
    """(height, width) after one unpadded convolution, via conv_output_size."""
    return tuple(conv_output_size(n, kernel, stride) for n in spatial)
'''),
    Variant('enable_grad, Q of the argmax action indexed explicitly, grad[0].abs()', 'saliency', '''def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(np.asarray(obs), dtype=torch.float32)[None]
    x.requires_grad_()
    with torch.enable_grad():
        q = q_net(x)
        greedy_q = q[0, q[0].argmax()]
        grad = torch.autograd.grad(greedy_q, x)[0]
    return grad[0].abs().detach().cpu().numpy()
'''),
    Variant('max over dim 1 summed to a scalar, numpy abs on the squeezed gradient', 'saliency', '''def saliency(q_net, obs):
    inputs = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).clone().requires_grad_(True)
    best = q_net(inputs).max(dim=1).values.sum()
    (d_inputs,) = torch.autograd.grad(outputs=best, inputs=inputs)
    return np.abs(d_inputs.squeeze(0).detach().cpu().numpy()).astype(np.float32)
'''),
)
