// The options that describe a network, shared by nn-train and nn-grad net: one hidden size for
// chapter 4's TwoLayerNet, a list for chapter 6's MultiLayerNet(Extend), and the chapter-6
// options. Parsed here from strings into NetworkOptions (src/train/network-config.ts), where what
// they mean and which go together is checked.

import { Option, type Command } from 'commander';
import { ACTIVATIONS } from '../nn/shape.js';
import { WEIGHT_INIT_NAMES } from '../train/network-config.js';
import { integerListParser, numberParser } from './parsers.js';

const anyNumber = numberParser();

export function addNetworkOptions(command: Command, { dropout }: { dropout: boolean }): Command {
  command
    .addOption(
      new Option(
        '--hidden <sizes>',
        "hidden layer sizes: one is chapter 4's TwoLayerNet, two or more (e.g. 100,100,100,100) chapter 6's MultiLayerNet (default: 50)",
      ).argParser(integerListParser),
    )
    .addOption(
      new Option(
        '--activation <name>',
        'hidden activation (default: sigmoid for one hidden size, relu for more, as the book)',
      ).choices(ACTIVATIONS),
    )
    .addOption(
      new Option(
        '--weight-init <scale>',
        "initial weights' scale: std (--weight-init-std), xavier √(1/n) or he √(2/n) (default: std for one hidden size, he for more)",
      ).choices(WEIGHT_INIT_NAMES),
    )
    .addOption(
      new Option(
        '--weight-init-std <s>',
        'initial weights are s * randn, implying --weight-init std (default: 0.01)',
      ).argParser(anyNumber),
    )
    .addOption(
      new Option(
        '--weight-decay <lambda>',
        'L2 weight decay λ (book 6.4.2) (default: 0)',
      ).argParser(anyNumber),
    );
  if (dropout) {
    command.addOption(
      new Option(
        '--dropout <ratio>',
        'a Dropout layer after each hidden activation, dropping this share (book 6.4.3)',
      ).argParser(anyNumber),
    );
  }
  return command.option(
    '--batch-norm',
    'a BatchNormalization layer after each hidden Affine (book 6.3)',
  );
}
