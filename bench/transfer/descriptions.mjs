// One paragraph per scenario of `npm run bench:transfer`, printed and written above its table.
export const DESCRIPTIONS = {
  'mnist-fashion': 'MNIST → Fashion-MNIST (the seed pair). Source: SmallCNN trained on the 60,000 MNIST training images ' +
    '(seed 0, Adam 1e-3, batch 128, 2 epochs). Target: a random 1% / 10% / 100% of the 60,000 Fashion-MNIST training ' +
    'labels (600 / 6,000 / 60,000; 30 / 6 / 1 epochs, batch 32 / 128 / 128), tested on the 10,000 test images. ' +
    'Methods: scratch (new SmallCNN), features (frozen convolutional base, cached [N, 3136] features, new 2-layer head), ' +
    'finetune (new last layer, all trained), l2sp (finetune + L2-SP, α 0.01 on the backbone, β 1e-4 on the head), ' +
    'lora (frozen source, rank-4 LoRA on both convolutions and the 3136→128 Linear, new head). Adam 1e-3 throughout.',
  'mnist-digits': 'MNIST → scikit-learn digits: the same ten labels in another domain (8×8 images with 17 grey levels from ' +
    'other writers, redrawn as 28×28 MNIST-style images: bilinear to 20×20, centred). Source: the MNIST SmallCNN of ' +
    'mnist-fashion. Target: 5 / 10 / 30 labelled images per class from a fixed pool of 1,000; test: the other 797. ' +
    'About 400 Adam steps of batch 32 per run; methods as in mnist-fashion, plus the source model applied as it is.',
  'fashion-split': 'Fashion-MNIST classes 0–4 (T-shirt, trouser, pullover, dress, coat) → classes 5–9 (sandal, shirt, ' +
    'sneaker, bag, ankle boot). Source: SmallCNN trained on the 30,000 training images of classes 0–4 (seed 0, 2 ' +
    'epochs). Target: 1% / 10% / 100% of the 30,000 training images of classes 5–9 (300 / 3,000 / 30,000; 30 / 6 / 1 ' +
    'epochs), and 5 labelled images per class (25 images, 400 steps; 10 seeds, because 1% = 60 per class is already ' +
    'easy for a SmallCNN from scratch), tested on their 5,000 test images. Methods as in mnist-fashion.',
  text: 'Sentiment sentences (npm `sentiment`: 1,000 each from IMDB, Amazon, Yelp). Model: BagOfEmbeddings (100-d mean of ' +
    'the word vectors → Linear 64 → ReLU → Linear 2), Adam 0.01, batch 16, about 300 steps. Embedding start: random ' +
    '(N(0, 1)), sgns (skip-gram vectors pretrained here, 3 epochs, on unlabelled text: the 2,500 non-test sentences and ' +
    'the SpamAssassin bodies), glove (GloVe 6B 100-d, words GloVe lacks drawn at random), glove-frozen (GloVe, embedding ' +
    'frozen: only the MLP trains). The vocabulary is every word of the 2,500 non-test sentences. Settings: cross-domain ' +
    '(train on the 1,000 Amazon sentences) and 20 / 50 / 200 IMDB labels; all tested on the same 500 held-out IMDB sentences.',
  mobilenet: 'The imported Keras MobileNetV2 of npm `nsfwjs` (ImageNet features, trained there for 5 NSFW classes) as a ' +
    'frozen feature extractor (1280-d global-average-pooled features) on Fashion-MNIST upscaled to 96×96 RGB, vs the ' +
    'MNIST SmallCNN\'s convolutional features and a SmallCNN from scratch, with 10 and 100 labels per class.',
};
