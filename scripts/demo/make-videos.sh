#!/usr/bin/env bash
# Regenerates the demo page's videos (committed; CI has no ffmpeg). Run once from anywhere:
#   bash scripts/demo/make-videos.sh
# Each is a few seconds of vertical 360x640 video, TikTok's accepted codecs and frame rates, < 300 KB.
set -euo pipefail
cd "$(dirname "$0")/videos"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
label() { echo "drawtext=fontfile=$font:text='$1':fontcolor=white:fontsize=44:box=1:boxcolor=black@0.5:boxborderw=12:x=(w-tw)/2:y=h*0.42"; }

# H.264 + AAC in MP4, moov first so it plays while it downloads.
ffmpeg -y -hide_banner -loglevel error \
  -f lavfi -i "gradients=s=360x640:r=30:d=4:c0=0xff0050:c1=0x00f2ea:speed=0.02" \
  -f lavfi -i "sine=frequency=440:duration=4" \
  -vf "$(label 'Sunrise')" -c:v libx264 -profile:v main -pix_fmt yuv420p -crf 30 -preset slow \
  -c:a aac -b:a 48k -movflags +faststart -shortest sunrise.mp4

# VP9 + Opus in WebM.
ffmpeg -y -hide_banner -loglevel error \
  -f lavfi -i "mandelbrot=s=360x640:r=24" -f lavfi -i "sine=frequency=660:duration=4" \
  -t 4 -vf "$(label 'Fractal')" -c:v libvpx-vp9 -b:v 300k -deadline good -cpu-used 4 -pix_fmt yuv420p \
  -c:a libopus -b:a 32k -shortest fractal.webm

# H.264 in MP4, only linked from the page (the menu's "link" context).
ffmpeg -y -hide_banner -loglevel error \
  -f lavfi -i "testsrc2=s=360x640:r=30:d=3" \
  -vf "$(label 'Test card')" -c:v libx264 -profile:v main -pix_fmt yuv420p -crf 32 -preset slow \
  -movflags +faststart testcard.mp4

ls -l
