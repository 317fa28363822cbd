"""Mistakes in notebook 05 written by a blind examiner, who read only the student notebook
(its text and stubs), never the checks, the hidden tests or the other mutants.

``MUTANTS`` lose points in the checks named (measured when they were added; ``tests/test_course.py``
keeps it so). ``UNCAUGHT`` are the examiner's mistakes no check catches yet, kept to be worked on.
"""

from autograder.mutants import Mutant

MUTANTS = (
    Mutant('I forgot the ink step: returned gray / 255, so the background is 1', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    rgb = frame[top:top + h * factor, left:left + w * factor].astype(np.float32)
    gray = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    small = (gray / 255.0).reshape(h, factor, w, factor).mean(axis=(1, 3))
    return small.astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('downsampled by taking every factor-th pixel instead of averaging', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    rgb = frame[top:bottom:factor, left:right:factor][:h, :w].astype(np.float32)
    gray = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    return (1.0 - gray / 255.0).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('reshaped to (h, w, factor, factor) and averaged the last two axes', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    rgb = frame[top:top + h * factor, left:left + w * factor].astype(np.float32)
    ink = 1.0 - (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]) / 255.0
    return ink.reshape(h, w, factor, factor).mean(axis=(2, 3)).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('crop indices swapped: rows from left:right and columns from top:bottom', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    part = frame[left:right, top:bottom].astype(np.float32)
    ink = 1.0 - (0.299 * part[..., 0] + 0.587 * part[..., 1] + 0.114 * part[..., 2]) / 255.0
    h, w = ink.shape[0] // factor, ink.shape[1] // factor
    ink = ink[:h * factor, :w * factor]
    return ink.reshape(h, factor, w, factor).mean(axis=(1, 3)).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('used the BGR order of the weights (0.114 R + 0.587 G + 0.299 B), as in OpenCV', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    part = frame[top:top + h * factor, left:left + w * factor].astype(np.float32)
    gray = part @ np.array([0.114, 0.587, 0.299], dtype=np.float32)
    ink = 1.0 - gray / 255.0
    return ink.reshape(h, factor, w, factor).mean(axis=(1, 3)).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('returned the float64 result of the mean (no cast to float32)', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    part = frame[top:top + h * factor, left:left + w * factor] / 255.0
    gray = 0.299 * part[..., 0] + 0.587 * part[..., 1] + 0.114 * part[..., 2]
    return (1.0 - gray).reshape(h, factor, w, factor).mean(axis=(1, 3))
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant("added the block's bytes without widening the dtype (uint8 sums overflow)", 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    part = frame[top:top + h * factor, left:left + w * factor]
    sums = np.zeros((h, w, 3), dtype=frame.dtype)
    for i in range(factor):
        for j in range(factor):
            sums += part[i::factor, j::factor]
    gray = sums @ np.array([0.299, 0.587, 0.114]) / (factor * factor)
    return (1.0 - gray / 255.0).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant("inverted the crop in place to get the ink (changes the caller's frame)", 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    part = frame[top:top + h * factor, left:left + w * factor]
    np.subtract(255, part, out=part)  # ink: white -> 0, black -> 255, without a float copy
    ink = (0.299 * part[..., 0] + 0.587 * part[..., 1] + 0.114 * part[..., 2]) / 255.0
    return ink.reshape(h, factor, w, factor).mean(axis=(1, 3)).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('reshaped the whole crop, without dropping leftover rows and columns', 'preprocess_frame', '''
def preprocess_frame(frame, crop, factor):
    """Crop, grayscale, downsample and scale one rendered frame."""
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    part = frame[top:bottom, left:right].astype(np.float32)
    ink = 1.0 - (0.299 * part[..., 0] + 0.587 * part[..., 1] + 0.114 * part[..., 2]) / 255.0
    return ink.reshape(h, -1, w, factor).mean(axis=(1, 3)).astype(np.float32)
''', ('05.preprocess_frame.hidden',)),
    Mutant('shifted the stack in place and returned it', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    stack[:-1] = stack[1:]
    stack[-1] = frame
    return stack
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('put the new frame first (newest first)', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    return np.concatenate([frame[None], stack[:-1]], axis=0)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('dropped the newest old frame instead of the oldest (stack[:-1] + frame)', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    return np.concatenate([stack[:-1], frame[np.newaxis]], axis=0)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('np.roll the wrong way (+1), then overwrote the last slot', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    new = np.roll(stack, 1, axis=0)
    new[-1] = frame
    return new
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('allocated the new stack with np.zeros(stack.shape) (float64)', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    new_stack = np.zeros(stack.shape)
    new_stack[:-1] = stack[1:]
    new_stack[-1] = frame
    return new_stack
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('np.append without an axis (the stack comes out flattened)', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    return np.append(stack[1:], frame)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('converted to float32 for the network', 'push_frame', '''
def push_frame(stack, frame):
    """The frame stack after one step: drop the oldest frame, append the new one."""
    return np.concatenate([stack[1:], frame[None]], axis=0).astype(np.float32)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('forgot the + 1 in the formula', 'conv_output_size', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride


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
''', ('05.conv_output_size', '05.conv_output_size.hidden', '05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('true division: returns a float', 'conv_output_size', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) / stride + 1


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
''', ('05.conv_output_size', '05.conv_output_size.hidden', '05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('padding added once instead of on both sides', 'conv_output_size', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + padding - kernel) // stride + 1


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
''', ('05.conv_output_size', '05.conv_output_size.hidden')),
    Mutant('rounded up (ceil) instead of down', 'conv_output_size', '''
import math


def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return math.ceil((size + 2 * padding - kernel) / stride) + 1


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
''', ('05.conv_output_size', '05.conv_output_size.hidden', '05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('hard-coded n_flat = 32 * 3 * 13 from the text', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        layers, in_channels = [], obs_shape[0]
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_flat = 1248  # 32 * 3 * 13
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_flat, size), nn.ReLU()]
            n_flat = size
        layers.append(nn.Linear(n_flat, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.learns', '05.ConvQNetwork.hidden', '05.pixel_agent')),
    Mutant('no ReLU after the convolutions', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers.append(nn.Conv2d(in_channels, out_channels, kernel, stride))
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('forgot to scale the input by 1/255', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32)
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('scaled in place with x /= 255 after .to()', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32)
        x /= 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork.hidden',)),
    Mutant('flattened with x.flatten() (batch dimension lost)', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        self.n_flat = channels[-1] * height * width
        layers = []
        n_in = self.n_flat
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        x = self.convs(x).flatten()
        return self.head(x)
''', ('05.ConvQNetwork', '05.ConvQNetwork.learns', '05.ConvQNetwork.hidden', '05.pixel_agent')),
    Mutant('same (height) size used for width: assumed square images', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, size = obs_shape[0], obs_shape[1]
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride), nn.ReLU()]
            size = conv_output_size(size, kernel, stride)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_in = channels[-1] * size * size
        layers = []
        for units in hidden:
            layers += [nn.Linear(n_in, units), nn.ReLU()]
            n_in = units
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.learns', '05.ConvQNetwork.hidden', '05.pixel_agent')),
    Mutant('only used hidden[0] (one hidden layer whatever hidden says)', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        self.head = nn.Sequential(nn.Linear(n_flat, hidden[0]), nn.ReLU(),
                                  nn.Linear(hidden[0], n_actions))

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('ReLU after the output layer too', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        sizes = [channels[-1] * height * width, *hidden, n_actions]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant("'same' padding on the convolutions", 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        in_channels, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            pad = kernel // 2
            layers += [nn.Conv2d(in_channels, out_channels, kernel, stride, padding=pad), nn.ReLU()]
            height = conv_output_size(height, kernel, stride, pad)
            width = conv_output_size(width, kernel, stride, pad)
            in_channels = out_channels
        self.convs = nn.Sequential(*layers)
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant("did not move the batch to the network's device", 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
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
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.float() / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('every convolution takes obs_shape[0] input channels', 'ConvQNetwork', '''
def conv_output_size(size, kernel, stride, padding=0):
    """Length of one side of a convolution's output (an int)."""
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        _, height, width = obs_shape
        layers = []
        for out_channels, kernel, stride in zip(channels, kernels, strides):
            layers += [nn.Conv2d(obs_shape[0], out_channels, kernel, stride), nn.ReLU()]
            height = conv_output_size(height, kernel, stride)
            width = conv_output_size(width, kernel, stride)
        self.convs = nn.Sequential(*layers)
        n_in = channels[-1] * height * width
        layers = []
        for size in hidden:
            layers += [nn.Linear(n_in, size), nn.ReLU()]
            n_in = size
        layers.append(nn.Linear(n_in, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.learns', '05.ConvQNetwork.hidden')),
    Mutant('forgot the absolute value', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs[None], dtype=torch.float32, requires_grad=True)
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad[0].cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('gradient of the sum of all Q-values', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs[None], dtype=torch.float32, requires_grad=True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q.sum(), x)
    return grad.abs()[0].numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('used .backward() and read x.grad', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs[None], dtype=torch.float32, requires_grad=True)
    q_net(x).max().backward()
    return x.grad.abs()[0].numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('returned it with the batch dimension', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad.abs().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('scaled the observation to [0, 1] before taking the gradient', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs[None] / 255.0, dtype=torch.float32, requires_grad=True)
    (grad,) = torch.autograd.grad(q_net(x * 255).max(), x)
    return grad.abs()[0].numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('returned a torch tensor instead of a numpy array', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.as_tensor(obs, dtype=torch.float32)[None].requires_grad_()
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad[0].abs()
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('took the Q-value of action 0 instead of the greedy one', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.tensor(obs[None], dtype=torch.float32, requires_grad=True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q[0, 0], x)
    return grad.abs()[0].numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('made the tensor with torch.as_tensor(obs[None]) and called requires_grad_()', 'saliency', '''
def saliency(q_net, obs):
    """|d max_a Q(obs, a) / d obs|: the greedy Q-value's sensitivity to each input value."""
    x = torch.as_tensor(obs[None]).requires_grad_(True)
    (grad,) = torch.autograd.grad(q_net(x).max(), x)
    return grad.abs()[0].numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    # Written by a later blind examiner (December 2026), who also saw only the notebook.
    Mutant('I returned gray / 255 without turning it into ink', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float32)
    gray = 0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]
    ink = gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    return ink.astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I downsampled by keeping every factor-th pixel', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    h, w = (bottom - top) // factor, (right - left) // factor
    x = frame[top:bottom:factor, left:right:factor][:h, :w].astype(np.float32)
    gray = 0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]
    return (1.0 - gray / 255.0).astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I reshaped to (h, w, factor, factor) for the blocks', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float32)
    gray = 0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]
    ink = 1.0 - gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, w, factor, factor).mean(axis=(2, 3))
    return ink.astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I left the result as float64', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float64)
    gray = 0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]
    ink = 1.0 - gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    return ink
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I averaged the three colour channels for gray', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float32)
    gray = x.mean(axis=-1)
    ink = 1.0 - gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    return ink.astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I applied the weights in BGR order', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float32)
    gray = 0.114 * x[..., 0] + 0.587 * x[..., 1] + 0.299 * x[..., 2]
    ink = 1.0 - gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    return ink.astype(np.float32)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I returned bytes round(255 x) since the buffer stores uint8 anyway', 'preprocess_frame', '''def preprocess_frame(frame, crop, factor):
    top, bottom, left, right = crop
    x = frame[top:bottom, left:right].astype(np.float32)
    gray = 0.299 * x[..., 0] + 0.587 * x[..., 1] + 0.114 * x[..., 2]
    ink = 1.0 - gray / 255.0
    h, w = (bottom - top) // factor, (right - left) // factor
    ink = ink[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    return np.round(255 * ink).astype(np.uint8)
''', ('05.preprocess_frame', '05.preprocess_frame.hidden')),
    Mutant('I shifted the stack in place and returned it', 'push_frame', '''def push_frame(stack, frame):
    stack[:-1] = stack[1:]
    stack[-1] = frame
    return stack
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('I put the new frame first', 'push_frame', '''def push_frame(stack, frame):
    return np.concatenate([frame[None], stack[:-1]], axis=0)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('I dropped the last frame instead of the first', 'push_frame', '''def push_frame(stack, frame):
    return np.concatenate([stack[:-1], frame[None]], axis=0)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('I rolled by +1 and wrote the new frame at the end', 'push_frame', '''def push_frame(stack, frame):
    rolled = np.roll(stack, 1, axis=0)
    rolled[-1] = frame
    return rolled
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('I used np.append without an axis', 'push_frame', '''def push_frame(stack, frame):
    return np.append(stack[1:], frame)
''', ('05.push_frame', '05.push_frame.hidden')),
    Mutant('my conv_output_size forgets the + 1', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden', '05.ConvQNetwork.learns', '05.conv_output_size', '05.conv_output_size.hidden', '05.pixel_agent')),
    Mutant('I added the padding once, not on both sides', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.conv_output_size', '05.conv_output_size.hidden')),
    Mutant('I rounded the division in conv_output_size instead of flooring', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return int(round((size + 2 * padding - kernel) / stride)) + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden', '05.ConvQNetwork.learns', '05.conv_output_size', '05.conv_output_size.hidden')),
    Mutant('I forgot to divide the input by 255', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32)
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('I hard-coded the flattened size for pixel CartPole', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = 32 * 3 * 13
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden', '05.ConvQNetwork.learns', '05.pixel_agent')),
    Mutant('I put a ReLU after the output layer too', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers += [nn.Linear(last, n_actions), nn.ReLU()]
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('I tracked only the height and assumed square feature maps', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s), nn.ReLU()]
            c, h = out_c, conv_output_size(h, k, s)
            w = h
        self.convs = nn.Sequential(*convs)
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden', '05.ConvQNetwork.learns', '05.pixel_agent')),
    Mutant('I only put a ReLU after the last convolution', 'ConvQNetwork', '''def conv_output_size(size, kernel, stride, padding=0):
    return (size + 2 * padding - kernel) // stride + 1


class ConvQNetwork(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=(128,), channels=(16, 32), kernels=(5, 3),
                 strides=(2, 2)):
        super().__init__()
        c, h, w = obs_shape
        convs = []
        for out_c, k, s in zip(channels, kernels, strides):
            convs += [nn.Conv2d(c, out_c, k, s)]
            c, h, w = out_c, conv_output_size(h, k, s), conv_output_size(w, k, s)
        self.convs = nn.Sequential(*convs, nn.ReLU())
        n_flat = channels[-1] * h * w
        layers, last = [], n_flat
        for size in hidden:
            layers += [nn.Linear(last, size), nn.ReLU()]
            last = size
        layers.append(nn.Linear(last, n_actions))
        self.head = nn.Sequential(*layers)

    def forward(self, x):
        x = x.to(next(self.parameters()).device, torch.float32) / 255
        return self.head(self.convs(x).flatten(1))
''', ('05.ConvQNetwork', '05.ConvQNetwork.hidden')),
    Mutant('I took the gradient of the sum of all Q-values', 'saliency', '''def saliency(q_net, obs):
    x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q.sum(), x)
    return grad.abs()[0].detach().cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('I returned the raw gradient without the absolute value', 'saliency', '''def saliency(q_net, obs):
    x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q.max(), x)
    return grad[0].detach().cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('I kept the batch dimension', 'saliency', '''def saliency(q_net, obs):
    x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q.max(), x)
    return grad.abs().detach().cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('I used backward() and read x.grad', 'saliency', '''def saliency(q_net, obs):
    x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q = q_net(x)
    q.max().backward()
    return x.grad.abs()[0].detach().cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('I scaled the observation to [0, 1] before taking the gradient', 'saliency', '''def saliency(q_net, obs):
    x = (torch.as_tensor(obs, dtype=torch.float32) / 255.0).unsqueeze(0).requires_grad_(True)
    q = q_net(x * 255.0)
    (grad,) = torch.autograd.grad(q.max(), x)
    return grad.abs()[0].detach().cpu().numpy().astype(np.float32)
''', ('05.saliency', '05.saliency.hidden')),
    Mutant('I returned the gradient tensor', 'saliency', '''def saliency(q_net, obs):
    x = torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0).requires_grad_(True)
    q = q_net(x)
    (grad,) = torch.autograd.grad(q.max(), x)
    return grad.abs()[0]
''', ('05.saliency', '05.saliency.hidden')),
)

#: (mistake, function, why no check catches it: the examiner's description)
UNCAUGHT = (
)
